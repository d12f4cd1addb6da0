/**
 * Customer interaction effectiveness: resolution rate by channel with Wilson 95% intervals and
 * a chi-square test of channel against outcome, resolution time and satisfaction by channel,
 * and channel preference by age band. A best channel is named only when the test supports a
 * difference; otherwise the words say "no clear difference" with the p-value, and recommend
 * nothing about channels.
 *
 * {@linkcode supportFacts} computes the numbers; {@linkcode supportFindings},
 * {@linkcode supportRecommendations} and {@linkcode supportLead} word them;
 * {@linkcode supportBlocks} assembles the charts and tables.
 *
 * @module
 */
import { channelMix, intervalDots } from "../charts/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import type {
  ChannelByAge,
  ChannelByAgeFacts,
  SupportChannelRow,
  SupportChannels,
  SupportFacts,
} from "../support/mod.ts";
import { AGE_BANDS } from "../support/mod.ts";
import { plural } from "./_blocks.ts";

/** What the support section reads: channel effectiveness and channel preference by age. */
export interface SupportInput {
  readonly channels: SupportChannels;
  readonly byAge: ChannelByAge;
}

/** The numbers and flags the support words read. */
export interface SupportSectionFacts {
  readonly channels: SupportFacts;
  readonly rows: readonly SupportChannelRow[];
  readonly byAge: ChannelByAgeFacts;
  readonly ageSource: ChannelByAge["ageSource"];
  /** Status values counted as resolved and not, with their rows. */
  readonly resolvedValues: SupportChannels["resolvedValues"];
  readonly otherValues: SupportChannels["otherValues"];
  /** The best and worst channels' rows (only when the test supports a difference). */
  readonly best: SupportChannelRow | null;
  readonly worst: SupportChannelRow | null;
  /** The slowest channel with a median resolution time (descriptive). */
  readonly slowest: SupportChannelRow | null;
}

/**
 * The support facts of the channel and age analyses.
 *
 * @example
 * ```ts
 * import { supportFacts } from "./support.ts";
 * import { exampleSupport } from "./_crm_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = supportFacts(exampleSupport());
 * equal(f.best?.channel, "Phone");
 * equal(f.slowest?.channel, "Email");
 * ```
 */
export function supportFacts(input: SupportInput): SupportSectionFacts {
  const f = input.channels.facts;
  const rows = input.channels.rows;
  const timed = rows.filter((r) => r.median_resolution_hours !== null).sort((a, b) =>
    b.median_resolution_hours! - a.median_resolution_hours! || (a.channel < b.channel ? -1 : 1)
  );
  return {
    channels: f,
    rows,
    byAge: input.byAge.facts,
    ageSource: input.byAge.ageSource,
    resolvedValues: input.channels.resolvedValues,
    otherValues: input.channels.otherValues,
    best: rows.find((r) => r.channel === f.bestChannel) ?? null,
    worst: rows.find((r) => r.channel === f.worstChannel) ?? null,
    slowest: timed.length > 1 ? timed[0]! : null,
  };
}

function p(fmt: Format, value: number | null): string {
  return value === null
    ? "p not available"
    : value < 0.001
    ? "p < 0.001"
    : `p = ${fmt.number(value, value < 0.01 ? 3 : 2)}`;
}

function rate(fmt: Format, r: SupportChannelRow): string {
  return `${fmt.percent(r.resolution_rate)} (95% CI ${fmt.percent(r.ci_low)} to ${
    fmt.percent(r.ci_high)
  }, n = ${fmt.int(r.interactions)})`;
}

/**
 * The support findings: `overview`, `statuses`, `best-channel` or `no-clear-difference` or
 * `too-few`, `speed`, `satisfaction`, `age`.
 *
 * @example Rates a point apart with p = 0.8: no best channel, the p-value said
 * ```ts
 * import { supportFacts, supportFindings } from "./support.ts";
 * import { exampleSupport } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { equal, match } from "node:assert/strict";
 * const f = supportFacts(exampleSupport());
 * const words = supportFindings({ ...f, best: null, worst: null,
 *   channels: { ...f.channels, evidence: "none", p: 0.8, bestChannel: null, worstChannel: null, rateSpread: 0.01 } }, createFormat());
 * equal(words.some((s) => s.id === "best-channel"), false);
 * match(words.find((s) => s.id === "no-clear-difference")!.text, /no clear difference between channels \(chi-square p = 0.80\)/);
 * ```
 */
export function supportFindings(f: SupportSectionFacts, fmt: Format): Statement[] {
  const c = f.channels;
  const a = f.byAge;
  const values = (v: readonly { value: string; rows: number }[]) =>
    v.map((x) => `${x.value} ${fmt.int(x.rows)}`).join(", ");
  const rated = f.rows.find((r) => r.channel === c.mostSatisfiedChannel);
  const fastest = f.rows.find((r) => r.channel === c.fastestChannel);
  const source = f.ageSource === "interactions"
    ? "ages from the interactions"
    : f.ageSource === "customers.age"
    ? "ages from the customers table"
    : "ages from the customers' birth dates";
  return statements({
    overview: `${fmt.int(c.interactions)} ${plural(c.interactions, "interaction")} over ${
      fmt.int(c.channels)
    } ${plural(c.channels, "channel")}; ${fmt.percent(c.overallRate)} resolved.`,
    statuses: f.resolvedValues.length + f.otherValues.length > 0
      ? `Counted as resolved: ${values(f.resolvedValues) || "none"}; not resolved: ${
        values(f.otherValues) || "none"
      } (change with --resolved-status).`
      : null,
    "best-channel": c.evidence === "clear" && f.best !== null && f.worst !== null
      ? `${f.best.channel} resolves the most: ${rate(fmt, f.best)}, against ${
        rate(fmt, f.worst)
      } for ${f.worst.channel}; the chi-square test of channel against outcome supports a difference (chi-square ${
        fmt.number(c.statistic ?? NaN, 1)
      }, df ${c.df}, ${p(fmt, c.p)}).`
      : null,
    "no-clear-difference": c.evidence === "none"
      ? `Resolution rates differ by ${
        fmt.number(c.rateSpread * 100, 1)
      } points at most, which the test does not support: no clear difference between channels (chi-square ${
        p(fmt, c.p)
      }).`
      : null,
    "too-few": c.evidence === "too-few"
      ? `Too few interactions to compare channels (${fmt.int(c.interactions)} over ${
        fmt.int(c.channels)
      } ${plural(c.channels, "channel")}${
        c.smallExpected ? ", some channels with fewer than 5 expected in a cell" : ""
      }).`
      : null,
    speed: fastest !== undefined && fastest.median_resolution_hours !== null
      ? `${fastest.channel} resolves fastest: median ${
        fmt.number(fastest.median_resolution_hours, 1)
      } hours${
        f.slowest !== null && f.slowest.channel !== fastest.channel
          ? `, against ${
            fmt.number(f.slowest.median_resolution_hours!, 1)
          } for ${f.slowest.channel}`
          : ""
      }.`
      : null,
    satisfaction: rated !== undefined && rated.mean_satisfaction !== null
      ? `${rated.channel} has the highest mean satisfaction: ${
        fmt.number(rated.mean_satisfaction, 2)
      } over ${fmt.int(rated.rated)} ratings.`
      : null,
    age: f.ageSource === "none"
      ? null
      : a.evidence === "clear" && a.youngestBand !== null && a.oldestBand !== null
      ? `Channel preference changes with age (chi-square ${p(fmt, a.p)}, ${source}): ${
        fmt.percent(a.youngestTopShare!)
      } of the ${a.youngestBand} band use ${a.youngestTopChannel}, ${
        fmt.percent(a.oldestTopShare!)
      } of the ${a.oldestBand} band ${a.oldestTopChannel}.`
      : a.evidence === "none"
      ? `Channel use shows no clear difference between age bands (chi-square ${
        p(fmt, a.p)
      }, ${source}).`
      : `Too few interactions with a known age to compare age bands (${fmt.int(a.interactions)}).`,
  });
}

/**
 * The support recommendations: `route-to-best` and `review-worst` only when the test supports a
 * difference between channels; `channels-by-age` only when it supports one between age bands.
 *
 * @example No clear difference: no channel advice
 * ```ts
 * import { supportFacts, supportRecommendations } from "./support.ts";
 * import { exampleSupport } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const f = supportFacts(exampleSupport());
 * deepStrictEqual(supportRecommendations({ ...f, best: null, worst: null,
 *   channels: { ...f.channels, evidence: "none" }, byAge: { ...f.byAge, evidence: "none" } }, createFormat()), []);
 * ```
 */
export function supportRecommendations(f: SupportSectionFacts, fmt: Format): Statement[] {
  const c = f.channels;
  const a = f.byAge;
  const clear = c.evidence === "clear" && f.best !== null && f.worst !== null;
  return statements({
    "route-to-best": clear
      ? `Route the issues that need resolving first to ${f.best!.channel} (${
        fmt.percent(f.best!.resolution_rate)
      } resolved), and find out what it does that the others do not.`
      : null,
    "review-worst": clear && f.worst!.ci_high < c.overallRate
      ? `Review how ${f.worst!.channel} handles issues: it resolves ${
        fmt.percent(f.worst!.resolution_rate)
      }, clearly below the overall ${fmt.percent(c.overallRate)}; move unresolved ${
        f.worst!.channel
      } cases to ${f.best!.channel} after a set time.`
      : null,
    "channels-by-age": a.evidence === "clear" && a.youngestTopChannel !== null &&
        a.oldestTopChannel !== null && a.youngestTopChannel !== a.oldestTopChannel
      ? `Staff ${a.youngestTopChannel} for younger customers (${a.youngestBand}) and ${a.oldestTopChannel} for older ones (${a.oldestBand}); offer each group its channel first.`
      : null,
  });
}

/** The support section's one-sentence answer. */
export function supportLead(f: SupportSectionFacts, fmt: Format): string {
  const c = f.channels;
  return `${fmt.percent(c.overallRate)} of ${fmt.int(c.interactions)} interactions resolved; ${
    c.evidence === "clear" && f.best !== null
      ? `${f.best.channel} resolves best (${fmt.percent(f.best.resolution_rate)}, ${p(fmt, c.p)}).`
      : c.evidence === "none"
      ? `no clear difference between channels (${p(fmt, c.p)}).`
      : "too few interactions to compare channels."
  }`;
}

/** The support evidence: key figures, resolution rates with intervals, channel mix by age, tables. */
export function supportBlocks(input: SupportInput, f: SupportSectionFacts, fmt: Format): Block[] {
  const c = f.channels;
  return [
    {
      kind: "kpis",
      id: "support.kpis",
      items: [
        { label: "Interactions", value: fmt.int(c.interactions) },
        { label: "Channels", value: fmt.int(c.channels) },
        { label: "Resolved", value: fmt.percent(c.overallRate) },
        {
          label: "Channel test",
          value: c.evidence === "too-few" ? "too few" : p(fmt, c.p),
          note: c.evidence === "clear"
            ? "channels differ"
            : c.evidence === "none"
            ? "no clear difference"
            : "not tested",
        },
      ],
    },
    {
      kind: "chart",
      id: "support.resolution-rates",
      spec: intervalDots(
        f.rows.map((r) => ({
          label: r.channel,
          estimate: r.resolution_rate,
          low: r.ci_low,
          high: r.ci_high,
          n: r.interactions,
          highlight: r.channel === c.bestChannel,
        })),
        {
          title: "Resolution rate by channel",
          ...(c.evidence !== "clear"
            ? {
              subtitle: c.evidence === "none"
                ? `No clear difference between channels (chi-square ${p(fmt, c.p)})`
                : "Too few interactions to compare channels",
            }
            : {}),
          reference: Number.isFinite(c.overallRate) ? c.overallRate : undefined,
          referenceLabel: "the overall rate",
          xLabel: "Resolved",
          format: fmt,
        },
      ),
    },
    ...(input.byAge.rows.length > 0
      ? [{
        kind: "chart" as const,
        id: "support.channel-by-age",
        spec: channelMix(
          input.byAge.rows.map((r) => ({
            group: r.age_band,
            channel: r.channel,
            interactions: r.interactions,
            share: r.share,
          })),
          { groups: AGE_BANDS, format: fmt },
        ),
      }]
      : []),
    {
      kind: "table",
      id: "support.channels",
      title: "Channels",
      file: "support_channels.csv",
      columns: [
        { key: "channel", format: "text" },
        { key: "interactions", format: "int" },
        { key: "resolved", format: "int" },
        { key: "resolution_rate", label: "resolved %", format: "percent" },
        { key: "ci_low", label: "95% low", format: "percent" },
        { key: "ci_high", label: "95% high", format: "percent" },
        { key: "median_resolution_hours", label: "median hours", format: "number" },
        { key: "mean_satisfaction", label: "satisfaction", format: "number" },
        { key: "rated", format: "int" },
      ],
      rows: f.rows as unknown as Record<string, unknown>[],
    },
  ];
}

/**
 * The support section: facts, then words, then evidence.
 *
 * @param input Channel effectiveness and channel preference by age.
 * @param fmt The report's formatter.
 */
export function supportSection(input: SupportInput, fmt: Format): Section {
  const facts = supportFacts(input);
  return {
    id: "support",
    title: "Support channels",
    lead: supportLead(facts, fmt),
    findings: supportFindings(facts, fmt),
    recommendations: supportRecommendations(facts, fmt),
    blocks: supportBlocks(input, facts, fmt),
  };
}
