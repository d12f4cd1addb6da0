/**
 * The report's method notes: the rules that decide when a finding is made and when a
 * recommendation may name a group, stated with their thresholds, so a reader knows what the
 * words rest on.
 *
 * @module
 */
import type { Format } from "../format/mod.ts";
import type { Section } from "../report/mod.ts";
import { MONTH_EDGE_TOLERANCE_DAYS } from "../eda/mod.ts";
import { COHORT_CONTRAST } from "./cohorts.ts";
import type { Guards } from "./guards.ts";
import { CONCENTRATION_SHARE, HOME_MARKET_SHARE, PEAK_RATIO } from "./sales_overview.ts";
import { WEAK_SILHOUETTE } from "./segments.ts";

/**
 * The method notes section: partial periods, left-censored cohorts, minimum group size, weak
 * clusters and the thresholds of the recommendations.
 *
 * @example
 * ```ts
 * import { methodNotes } from "./method_notes.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const s = methodNotes({ minGroupSize: 30 }, createFormat());
 * match(s.blocks[0]!.kind === "text" ? s.blocks[0]!.paragraphs.join(" ") : "", /at least 30 customers/);
 * ```
 */
export function methodNotes(guards: Guards, fmt: Format): Section {
  return {
    id: "method",
    title: "Method notes",
    lead: "What the findings rest on, and when the report stays silent.",
    findings: [],
    recommendations: [],
    blocks: [{
      kind: "text",
      id: "method.notes",
      paragraphs: [
        `Partial periods: a month the data covers only partly (it starts or stops more than ${MONTH_EDGE_TOLERANCE_DAYS} days into it) is shown and marked, but left out of trends, month-over-month changes, cohort comparisons and averages.`,
        "Left-censored cohorts: the first cohort holds every customer who had bought before the data starts, so it is never compared with later cohorts as if it were a cohort of new customers.",
        `Small groups: a recommendation names a country, cohort or segment only when it has at least ${
          fmt.int(guards.minGroupSize)
        } customers (--min-group-size).`,
        `Effects: the peak month is planned for when it reaches ${
          fmt.decimal(PEAK_RATIO)
        }× the median month; revenue counts as concentrated when the top 20% of customers bring ${
          fmt.percent(CONCENTRATION_SHARE, 0)
        } of it; other countries are a growth lever when the home country brings more than ${
          fmt.percent(HOME_MARKET_SHARE, 0)
        }; a cohort is worth studying when it retains ${
          fmt.decimal(COHORT_CONTRAST)
        }× as many customers as another.`,
        `Clusters: product segments with a silhouette under ${
          fmt.number(WEAK_SILHOUETTE, 2)
        } overlap; they are described as buying tendencies and no recommendation rests on them.`,
        "Dates only: when the data has no time of day, nothing is said about hours.",
      ],
    }],
  };
}
