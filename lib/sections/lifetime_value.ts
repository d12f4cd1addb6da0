/**
 * The lifetime-value section: what the customer base is worth over the horizon and who holds
 * it, how far the model can be trusted (in words a manager reads: dropout, the holdout check,
 * seasonality, the same window a year earlier), what P(alive) can and cannot tell, and the
 * statistics of the fits in an appendix table.
 *
 * {@linkcode clvFacts} computes the numbers and flags from the CLV stage; the words and blocks
 * read only the facts (and the stage's chart data).
 *
 * @module
 */
import {
  calibrationHoldout,
  clvSegments,
  frequencyRecencyMatrix,
  histogram,
  periodTransactions,
  probabilityAliveHistory,
  probabilityAliveMatrix,
  purchaseTracking,
} from "../charts/mod.ts";
import type { ClvAnalysis, CountFitReport } from "../clv/mod.ts";
import type { RuleBasedCltvResult } from "../clv_rule/mod.ts";
import type { Format } from "../format/mod.ts";
import type {
  AliveHistoryInput,
  HoldoutInput,
  LifetimeValueHeadline,
  StageSkip,
} from "../lifetime_value/mod.ts";
import type { Block, Kpi, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { median } from "../stats/mod.ts";
import {
  aliveHistoryReasonWords,
  fitPlainWords,
  fitTechnicalWords,
  MODEL_LABELS,
  modelChoiceWords,
  parameterIntervalWords,
  predictiveIntervalWords,
  spendPlainWords,
  stageSkipWords,
} from "./_clv_words.ts";
import { plural } from "./_blocks.ts";
import { DEFAULT_GUARDS, type Guards } from "./guards.ts";
import { AT_RISK_SEGMENTS } from "./segments.ts";

/** What the lifetime-value section reads: the CLV stage's results. */
export interface LifetimeValueInput {
  readonly analysis: ClvAnalysis;
  /** Each customer's past spend, for the win-back list. */
  readonly pastSpend?: ReadonlyMap<string, number>;
  readonly holdout?: HoldoutInput | null;
  readonly history?: AliveHistoryInput | null;
  readonly ruleBased?: RuleBasedCltvResult | null;
  /** Steps of the stage that could not run on this data. */
  readonly skipped?: readonly StageSkip[];
  /** Headline data: horizon prediction, holdout error, the same window a year earlier. */
  readonly headline?: LifetimeValueHeadline;
  /** Each customer's RFM segment, to say what P(alive) tells about the at-risk segments. */
  readonly segmentOf?: ReadonlyMap<string, string>;
}

/** Relative holdout error from which absolute forecasts carry a warning. */
export const HOLDOUT_TOLERANCE = 0.15;
/** Segment A must hold this many times its share of customers before "protect A" is advised. */
export const VALUE_SPREAD_RATIO = 1.5;
/** The horizon's share of yearly revenue, against an even share, that counts as seasonal. */
export const SEASONAL_RATIO = 1.25;

/** Verdicts under which the data cannot tell active from lapsed customers. */
const NO_DROPOUT_SIGNAL = ["no-dropout-boundary", "weak-dropout", "undetermined"];

/** The numbers and flags the lifetime-value words read. */
export interface ClvFacts {
  readonly customers: number;
  readonly horizonMonths: number;
  readonly discount: number;
  readonly timeUnit: "week" | "day";
  readonly modelLabel: string;
  /** The main model's fit report. */
  readonly fit: CountFitReport;
  /** False when the data cannot tell active from lapsed customers (see the verdict). */
  readonly dropoutMeasured: boolean;
  /** Σ CLV (discounted) and per customer. */
  readonly total: number;
  readonly perCustomer: number;
  /** Expected purchases in the next 12 weeks (84 days). */
  readonly purchases12w: number;
  readonly segmentA: {
    readonly customers: number;
    readonly customerShare: number;
    readonly valueShare: number;
    readonly meanClv: number;
  } | null;
  /** True when segment A holds clearly more than its share of the value. */
  readonly valueConcentrated: boolean;
  readonly likelyLost: { readonly count: number; readonly share: number };
  readonly medianPAlive: number;
  /** Median P(alive) of the customers the RFM segments call at risk or hibernating. */
  readonly atRiskPAlive: { readonly customers: number; readonly medianPAlive: number } | null;
  readonly winBack: { readonly customers: number; readonly spend: number } | null;
  readonly comparison: readonly { readonly label: string; readonly logLikelihood: number }[];
  readonly holdout: {
    readonly calibrationEnd: Date;
    readonly observationEnd: Date;
    readonly customers: number;
    readonly predicted: number;
    readonly actual: number;
    /** (predicted − actual) / actual. */
    readonly error: number;
  } | null;
  /** The same calendar window a year earlier, when the data covers it. */
  readonly priorYear: {
    readonly revenueAll: number;
    readonly revenueExisting: number;
    readonly daysOfDataBefore: number;
    /** The horizon window's share of yearly revenue over an even share (1 = not seasonal). */
    readonly seasonalRatio: number | null;
  } | null;
  /** The model's undiscounted horizon spend (comparable with past revenue). */
  readonly predictedSpend: number | null;
  /** Share of customers the rule-based CLTV puts in the same A–D segment. */
  readonly ruleAgreement: number | null;
  /** How the expected value per purchase was obtained (the spend model's report). */
  readonly spend: ClvAnalysis["params"]["spend"];
  /** Steps of the stage that could not run on this data. */
  readonly skipped: readonly StageSkip[];
}

/**
 * The lifetime-value facts of the CLV stage.
 *
 * @param input The CLV stage's results.
 * @param guards Evidence thresholds (the at-risk comparison needs `minGroupSize` customers).
 * @returns The facts.
 */
export function clvFacts(input: LifetimeValueInput, guards: Guards = DEFAULT_GUARDS): ClvFacts {
  const { params, customers: c, diagnostics } = input.analysis;
  const n = c.customer_id.length;
  const fit = params.models[params.predictionModel]!;
  const total = c.clv.reduce((s, v) => s + v, 0);
  const a = diagnostics.clvDistribution.segments.find((s) => s.segment === "A");
  const segmentA = a && total > 0
    ? {
      customers: a.customers,
      customerShare: a.customers / Math.max(n, 1),
      valueShare: a.totalClv / total,
      meanClv: a.meanClv,
    }
    : null;
  const lost = c.p_alive.filter((p) => p < 0.5).length;
  let atRiskPAlive: ClvFacts["atRiskPAlive"] = null;
  if (input.segmentOf) {
    const values = c.customer_id.flatMap((id, i) =>
      AT_RISK_SEGMENTS.concat(["hibernating"]).includes(input.segmentOf!.get(id) ?? "")
        ? [c.p_alive[i]!]
        : []
    );
    if (values.length >= guards.minGroupSize) {
      atRiskPAlive = { customers: values.length, medianPAlive: median(values) };
    }
  }
  let winBack: ClvFacts["winBack"] = null;
  if (input.pastSpend && lost > 0) {
    const top = c.customer_id
      .map((id, i) => ({ id, p: c.p_alive[i]!, spend: input.pastSpend!.get(id) ?? 0 }))
      .filter((x) => x.p < 0.5)
      .sort((x, y) => y.spend - x.spend || (x.id < y.id ? -1 : 1))
      .slice(0, 50);
    winBack = { customers: top.length, spend: top.reduce((s, x) => s + x.spend, 0) };
  }
  const h = input.holdout;
  const prior = input.headline?.priorYear;
  let ruleAgreement: number | null = null;
  const rb = input.ruleBased;
  if (rb && rb.rows.length > 0) {
    const ruleSeg = new Map(rb.rows.map((r) => [r.customerId, r.segment]));
    let same = 0, both = 0;
    c.customer_id.forEach((id, i) => {
      const s = ruleSeg.get(id);
      if (s === undefined) return;
      both++;
      if (s === c.clv_segment[i]) same++;
    });
    ruleAgreement = both > 0 ? same / both : null;
  }
  return {
    customers: n,
    horizonMonths: params.horizonMonths,
    discount: params.discount,
    timeUnit: params.timeUnit,
    modelLabel: MODEL_LABELS[params.predictionModel],
    fit,
    dropoutMeasured: !NO_DROPOUT_SIGNAL.includes(fit.verdict.kind),
    total,
    perCustomer: total / Math.max(n, 1),
    purchases12w: c.exp_purchases_3m.reduce((s, v) => s + v, 0),
    segmentA,
    valueConcentrated: segmentA !== null &&
      segmentA.valueShare >= VALUE_SPREAD_RATIO * segmentA.customerShare,
    likelyLost: { count: lost, share: lost / Math.max(n, 1) },
    medianPAlive: median(c.p_alive),
    atRiskPAlive,
    winBack,
    comparison: (["bg_nbd", "mbg_nbd", "pareto_nbd"] as const)
      .filter((m) => m !== params.predictionModel && params.models[m] !== null)
      .map((m) => ({ label: MODEL_LABELS[m], logLikelihood: params.models[m]!.logLikelihood })),
    holdout: h && h.actualTotal > 0
      ? {
        calibrationEnd: h.calibrationEnd,
        observationEnd: h.observationEnd,
        customers: h.customers,
        predicted: h.predictedTotal,
        actual: h.actualTotal,
        error: (h.predictedTotal - h.actualTotal) / h.actualTotal,
      }
      : null,
    priorYear: prior
      ? {
        revenueAll: prior.window.revenueAll,
        revenueExisting: prior.window.revenueExisting,
        daysOfDataBefore: prior.window.daysOfDataBefore,
        seasonalRatio: prior.seasonality?.shareRatio ?? null,
      }
      : null,
    predictedSpend: input.headline?.predicted.value ?? null,
    ruleAgreement,
    spend: params.spend,
    skipped: input.skipped ?? [],
  };
}

function shareText(x: number, fmt: Format): string {
  return x > 0 && x < 0.001 ? "under 0.1%" : fmt.percent(x);
}

/**
 * The caveats of the headline value in a manager's words: what the model cannot see
 * (dropout it cannot measure, a holdout it missed, a seasonal horizon) and the same window a
 * year earlier. Empty when there is nothing to qualify.
 */
export function clvCaveats(f: ClvFacts, fmt: Format): string[] {
  const caveats: string[] = [];
  if (!f.dropoutMeasured) {
    caveats.push(
      "the data show too little sign of customers leaving for the model to tell who has lapsed, so it treats almost everyone as still active",
    );
  }
  if (f.holdout && Math.abs(f.holdout.error) > HOLDOUT_TOLERANCE) {
    caveats.push(
      `tested on the last months of the data it ${
        f.holdout.error < 0 ? "under" : "over"
      }-predicted purchases by ${fmt.percent(Math.abs(f.holdout.error))}`,
    );
  }
  if (f.priorYear?.seasonalRatio != null && f.priorYear.seasonalRatio >= SEASONAL_RATIO) {
    caveats.push(
      `the next ${f.horizonMonths} months are the busy season (${
        fmt.decimal(f.priorYear.seasonalRatio, 1)
      }× an even share of the year's revenue), which a model of steady buying rates does not know`,
    );
  }
  return caveats;
}

/**
 * The lifetime-value findings (plain words; statistics stay in the fits table): `value`,
 * `plausibility`, `segment-a`, `p-alive`, `fit`, `comparison`, `holdout`, `spend`,
 * `rule-based`, `note-<n>` (steps the data could not support).
 */
export function clvFindings(f: ClvFacts, fmt: Format): Statement[] {
  const caveats = clvCaveats(f, fmt);
  const notes: Record<string, string> = {};
  f.skipped.forEach((skip, i) => (notes[`note-${i + 1}`] = `Note: ${stageSkipWords(skip)}`));
  const p = f.priorYear;
  return statements({
    value: `The ${fmt.int(f.customers)} modelled customers are worth ${
      fmt.money(f.total)
    } over the next ${f.horizonMonths} months (discounted at ${fmt.percent(f.discount)} a month), ${
      fmt.money(f.perCustomer)
    } per customer; they are expected to make ${fmt.int(f.purchases12w)} purchases in the next 12 ${
      f.timeUnit === "week" ? "weeks" : "weeks (84 days)"
    }.${caveats.length > 0 ? ` Read it with care: ${caveats.join("; ")}.` : ""}`,
    plausibility: p && f.predictedSpend !== null
      ? `For comparison, the same ${f.horizonMonths} months a year earlier brought ${
        fmt.money(p.revenueAll)
      } from all customers, new ones included${
        p.daysOfDataBefore >= 90
          ? ` (${fmt.money(p.revenueExisting)} from customers who had already bought)`
          : ""
      }; the model expects ${
        fmt.money(f.predictedSpend)
      } (undiscounted) from today's customers alone.`
      : null,
    "segment-a": f.segmentA
      ? f.valueConcentrated
        ? `Segment A (${fmt.int(f.segmentA.customers)} customers, ${
          fmt.percent(f.segmentA.customerShare)
        }) holds ${fmt.percent(f.segmentA.valueShare)} of the predicted value, ${
          fmt.money(f.segmentA.meanClv)
        } per customer on average.`
        : `Predicted value is spread evenly: segment A (${
          fmt.percent(f.segmentA.customerShare)
        } of customers) holds ${
          fmt.percent(f.segmentA.valueShare)
        } of it, so the A–D segments do not single out a group to protect.`
      : null,
    "p-alive": f.dropoutMeasured
      ? `${fmt.int(f.likelyLost.count)} ${plural(f.likelyLost.count, "customer")} (${
        shareText(f.likelyLost.share, fmt)
      }) are more likely gone than active (P(alive) under 50%); the median P(alive) is ${
        fmt.percent(f.medianPAlive)
      }.`
      : `P(alive) cannot tell lapsed customers here: it is ${
        fmt.percent(f.medianPAlive)
      } for the median customer${
        f.atRiskPAlive
          ? ` and ${fmt.percent(f.atRiskPAlive.medianPAlive)} even for the ${
            fmt.int(f.atRiskPAlive.customers)
          } customers the RFM segments call at risk or hibernating`
          : ""
      }. Use how long since each customer's last order (the RFM segments) to find the ones drifting away.`,
    fit: fitPlainWords(f.fit),
    comparison: f.comparison.length > 0
      ? `For comparison: ${
        f.comparison.map((m) => `${m.label} log-likelihood ${fmt.number(m.logLikelihood, 1)}`)
          .join(", ")
      } (${f.modelLabel} ${fmt.number(f.fit.logLikelihood, 1)}; higher fits better).`
      : null,
    holdout: f.holdout
      ? `Out-of-sample check: fitted on data up to ${
        fmt.date(f.holdout.calibrationEnd)
      }, the model predicted ${fmt.int(f.holdout.predicted)} repeat purchases for the ${
        fmt.int(f.holdout.customers)
      } customers it knew, up to ${fmt.date(f.holdout.observationEnd)}; they made ${
        fmt.int(f.holdout.actual)
      } (${fmt.signedPercent(f.holdout.error)}).`
      : null,
    spend: spendPlainWords(f.spend, (x) => fmt.money(x)),
    "rule-based": f.ruleAgreement !== null
      ? `The rule-based CLTV (average order value × purchase frequency / churn rate × margin) ranks customers exactly by past spend; it puts ${
        fmt.percent(f.ruleAgreement)
      } of customers in the same A–D segment as the model, which also weighs recency and frequency.`
      : null,
    ...notes,
  });
}

/**
 * The lifetime-value recommendations: `protect-a` (only when segment A holds clearly more
 * than its share of value), `win-back` (only when the model can tell lapsed customers),
 * `recency` (when it cannot), `holdout-error`.
 */
export function clvRecommendations(f: ClvFacts, fmt: Format): Statement[] {
  return statements({
    "protect-a": f.segmentA && f.valueConcentrated
      ? `Protect segment A first: its ${fmt.int(f.segmentA.customers)} customers hold ${
        fmt.percent(f.segmentA.valueShare)
      } of next-${f.horizonMonths}-month value. Service levels, early access and personal contact there pay back most.`
      : null,
    "win-back": f.dropoutMeasured && f.winBack && f.winBack.customers > 0
      ? `Win-back list: the ${f.winBack.customers} biggest past spenders with P(alive) under 50% spent ${
        fmt.money(f.winBack.spend)
      } in the period (customers.csv, sorted by monetary, filtered on p_alive < 0.5). Contact them before they are lost for good.`
      : null,
    recency: !f.dropoutMeasured
      ? "Rank customers by CLV, but find the ones drifting away by how long since they last ordered: the model cannot see them leave in this data."
      : null,
    "holdout-error": f.holdout && Math.abs(f.holdout.error) > HOLDOUT_TOLERANCE
      ? `The model ${f.holdout.error < 0 ? "under" : "over"}-predicted the holdout by ${
        fmt.percent(Math.abs(f.holdout.error))
      }${
        f.holdout.error < 0
          ? " (it assumes steady buying rates; a seasonal peak or growth in the holdout is not in it)"
          : ""
      }: use CLV to rank and compare customers, and scale absolute forecasts with care.`
      : null,
  });
}

/** The lifetime-value section's one-sentence answer. */
export function clvLead(f: ClvFacts, fmt: Format): string {
  const a = f.segmentA;
  return `${fmt.money(f.total)} predicted over the next ${f.horizonMonths} months from ${
    fmt.int(f.customers)
  } customers${
    a && f.valueConcentrated
      ? `; segment A (${fmt.percent(a.customerShare)} of customers) holds ${
        fmt.percent(a.valueShare)
      } of it`
      : ""
  }${clvCaveats(f, fmt).length > 0 ? " (a rough guide: see the caveats below)" : ""}.`;
}

/** The headline tile of the predicted value, with its caveat as the tile's note. */
export function clvHeadlineKpi(f: ClvFacts, fmt: Format): Kpi {
  const caveats = clvCaveats(f, fmt);
  return {
    label: `Predicted ${f.horizonMonths}-month value`,
    value: fmt.money(f.total),
    ...(caveats.length > 0 ? { note: "a rough guide: see the CLV section" } : {}),
  };
}

/** Start of the overflow bin (the 99th percentile) when the bins have one. */
function percentile99(bins: readonly { x0: number; x1: number }[]): number {
  return bins.length === 21 ? bins[20]!.x0 : Infinity;
}

/** Key figures, value charts, diagnostics and the fits table (the statistics appendix). */
export function clvBlocks(input: LifetimeValueInput, f: ClvFacts, fmt: Format): Block[] {
  const { params, diagnostics } = input.analysis;
  const unit = params.timeUnit;
  const seg = diagnostics.clvDistribution.segments;
  const h = input.holdout;
  const blocks: Block[] = [
    {
      kind: "kpis",
      id: "clv.kpis",
      items: [
        clvHeadlineKpi(f, fmt),
        { label: "Per customer", value: fmt.money(f.perCustomer) },
        {
          label: "Segment A share",
          value: f.segmentA ? fmt.percent(f.segmentA.valueShare) : "–",
        },
        {
          label: "Likely lost (P(alive) < 50%)",
          value: f.dropoutMeasured ? fmt.percent(f.likelyLost.share) : "not measurable",
        },
        ...(f.holdout
          ? [{
            label: "Holdout: predicted / actual",
            value: `${fmt.int(f.holdout.predicted)} / ${fmt.int(f.holdout.actual)}`,
          }]
          : []),
      ],
    },
    {
      kind: "chart",
      id: "clv.segments",
      spec: clvSegments(
        seg.map((s) => ({
          segment: s.segment,
          customers: s.customers,
          clvMean: s.meanClv,
          clvShare: f.total > 0 ? s.totalClv / f.total : 0,
        })),
        { format: fmt },
      ),
    },
    {
      kind: "chart",
      id: "clv.distribution",
      spec: histogram(
        diagnostics.clvDistribution.bins.map((b) => ({ start: b.x0, end: b.x1, count: b.count })),
        {
          label: "Predicted CLV",
          title: `Predicted ${params.horizonMonths}-month customer lifetime value`,
          median: diagnostics.clvDistribution.quantiles.find((q) => q.p === 0.5)?.value,
          clipAt: percentile99(diagnostics.clvDistribution.bins),
          formatValue: (x) => fmt.money(x),
          format: fmt,
          unit: "customers",
        },
      ),
    },
    {
      kind: "chart",
      id: "clv.repeat-purchases",
      spec: periodTransactions(
        diagnostics.repeatPurchases.map((r) => ({
          frequency: r.label,
          actual: r.actual,
          expected: r.expected,
        })),
        {
          caption:
            `Customers by number of repeat purchases up to the as-of date, observed and as the fitted ${f.modelLabel} expects them (exact probabilities, not a simulation). Close pairs of bars mean the model fits the purchase counts.`,
          format: fmt,
        },
      ),
    },
  ];
  if (h) {
    blocks.push(
      {
        kind: "chart",
        id: "clv.calibration-holdout",
        spec: calibrationHoldout(
          h.buckets.map((b) => ({
            frequencyCal: b.frequency,
            actual: b.actual,
            predicted: b.predicted,
            customers: b.customers,
          })),
          { format: fmt },
        ),
      },
      {
        kind: "chart",
        id: "clv.tracking-cumulative",
        spec: purchaseTracking(
          h.tracking.map((r) => ({
            period: r.period,
            actual: r.actualCumulative,
            expected: r.expectedCumulative,
          })),
          { calibrationEnd: h.calibrationEndPeriod, format: fmt },
        ),
      },
      {
        kind: "chart",
        id: "clv.tracking-incremental",
        spec: purchaseTracking(
          h.tracking.map((r) => ({ period: r.period, actual: r.actual, expected: r.expected })),
          { mode: "incremental", calibrationEnd: h.calibrationEndPeriod, format: fmt },
        ),
      },
    );
  }
  const recencyLabel = `Recency (${unit}s)`;
  blocks.push(
    {
      kind: "chart",
      id: "clv.frequency-recency",
      spec: frequencyRecencyMatrix(diagnostics.frequencyRecency.cells, {
        recencyLabel,
        valueLabel: `Expected purchases next ${unit}`,
        format: fmt,
      }),
    },
    {
      kind: "chart",
      id: "clv.p-alive-matrix",
      spec: probabilityAliveMatrix(diagnostics.probabilityAlive.cells, {
        recencyLabel,
        format: fmt,
      }),
    },
  );
  const hist = input.history;
  if (hist) {
    blocks.push({
      kind: "chart",
      id: "clv.p-alive-history",
      spec: probabilityAliveHistory({ history: hist.history, purchases: hist.purchases }, {
        customerId: hist.customerId,
        timeLabel: `${unit === "week" ? "Weeks" : "Days"} since first purchase`,
        format: fmt,
      }),
      caption: `Customer ${hist.customerId}: ${
        aliveHistoryReasonWords(hist.reason)
      }. P(alive) falls while no purchase comes and jumps back at each purchase.`,
    });
  }
  const technical = [
    ...modelChoiceWords(params.modelChoices, fmt.int),
    ...[predictiveIntervalWords(params.predictiveIntervals, params.horizonMonths)],
    parameterIntervalWords(params.parameterIntervals, params.predictionModel),
  ].filter((x): x is string => x !== null);
  if (technical.length > 0) {
    blocks.push({ kind: "text", id: "clv.technical", paragraphs: technical });
  }
  blocks.push({
    kind: "table",
    id: "clv.fits",
    title: "Model fits (statistics)",
    file: "clv_params.json",
    columns: [
      { key: "model", format: "text" },
      { key: "params", label: "parameters", format: "text", wrap: true },
      { key: "logLikelihood", label: "log-likelihood", format: "number" },
      { key: "iterations", format: "int" },
      { key: "report", label: "fit report", format: "text", wrap: true },
    ],
    rows: Object.values(params.models).filter((m) => m !== null).map((m) => {
      const w = fitTechnicalWords(m!);
      return {
        model: MODEL_LABELS[m!.model],
        params: Object.entries(m!.params).map(([k, v]) =>
          `${k} ${fmt.significant(v)}${
            m!.standardErrors?.[k] !== undefined
              ? ` (se ${fmt.significant(m!.standardErrors[k]!)})`
              : ""
          }`
        ).join(", "),
        logLikelihood: m!.logLikelihood,
        iterations: m!.iterations,
        report: [w.convergence, ...w.findings].join(" "),
      };
    }),
  });
  return blocks;
}

/**
 * The lifetime-value section: facts, words, evidence.
 *
 * @param input The CLV stage results.
 * @param fmt The report's formatter.
 * @param guards Evidence thresholds.
 * @returns The report section.
 */
export function lifetimeValueSection(
  input: LifetimeValueInput,
  fmt: Format,
  guards: Guards = DEFAULT_GUARDS,
): Section {
  const facts = clvFacts(input, guards);
  return {
    id: "clv",
    title: "Customer lifetime value",
    lead: clvLead(facts, fmt),
    findings: clvFindings(facts, fmt),
    recommendations: clvRecommendations(facts, fmt),
    blocks: clvBlocks(input, facts, fmt),
  };
}
