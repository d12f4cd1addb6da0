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
import type { CalibrationHoldoutBucket, ClvAnalysis, TrackingRow } from "../clv/mod.ts";
import type { RuleBasedCltvResult } from "../clv_rule/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { plural } from "./_blocks.ts";

/** Calibration versus holdout: a BG/NBD fitted on the calibration window, checked on the rest. */
export interface HoldoutInput {
  readonly calibrationEnd: Date;
  readonly observationEnd: Date;
  /** Calibration customers (born before the calibration end). */
  readonly customers: number;
  readonly buckets: readonly CalibrationHoldoutBucket[];
  /** Σ actual holdout purchases and Σ predicted, over the calibration customers. */
  readonly actualTotal: number;
  readonly predictedTotal: number;
  /** Weekly tracking over the whole data with the calibration fit. */
  readonly tracking: readonly TrackingRow[];
  /** The tracking period in which calibration ends. */
  readonly calibrationEndPeriod: number;
}

/** One customer's P(alive) over time, for the history chart. */
export interface AliveHistoryInput {
  readonly customerId: string;
  /** Why this customer was picked. */
  readonly reason: string;
  readonly history: readonly { readonly t: number; readonly pAlive: number }[];
  /** Repeat purchase times since the first purchase. */
  readonly purchases: readonly number[];
}

/** What {@linkcode lifetimeValueSection} reads: the CLV stage's results. */
export interface LifetimeValueInput {
  readonly analysis: ClvAnalysis;
  /** Past spend per customer of the summary (frequency × monetary value is not it in the
   * repeat convention), aligned with `analysis.customers.customer_id`; for the win-back list. */
  readonly pastSpend?: ReadonlyMap<string, number>;
  readonly holdout?: HoldoutInput | null;
  readonly history?: AliveHistoryInput | null;
  readonly ruleBased?: RuleBasedCltvResult | null;
  readonly notes?: readonly string[];
}

const MODEL_NAMES: Readonly<Record<string, string>> = {
  bg_nbd: "BG/NBD",
  mbg_nbd: "MBG/NBD",
  pareto_nbd: "Pareto/NBD",
  gamma_gamma: "Gamma-Gamma",
};

/** The lead sentence of a fit report that says where the optimum sits, if any. */
function boundarySentence(report: readonly string[]): string | undefined {
  return report.find((r) => /boundary|no-dropout|dropout/i.test(r));
}

/**
 * The lifetime-value section: what the customer base is worth over the horizon and who holds
 * it, how sure the model is (fit report, boundary check, prediction intervals, calibration
 * against a holdout period), and the rule-based CLTV next to it.
 *
 * @param input The CLV stage results.
 * @param fmt The report's formatter.
 * @returns The report section.
 */
export function lifetimeValueSection(input: LifetimeValueInput, fmt: Format): Section {
  const { analysis } = input;
  const { params, customers: c, diagnostics } = analysis;
  const money = (x: number) => fmt.money(x);
  const formatInt = fmt.int;
  const formatNumber = fmt.number;
  const formatPercent = fmt.percent;
  const n = c.customer_id.length;
  const unit = params.timeUnit;
  const findings: Statement[] = [];
  const recommendations: Statement[] = [];
  const bg = params.models.bg_nbd;
  const total = c.clv.reduce((s, v) => s + v, 0);
  const next3 = c.exp_purchases_3m.reduce((s, v) => s + v, 0);
  findings.push({
    id: "value",
    text: `The ${formatInt(n)} modelled customers are worth ${
      money(total)
    } over the next ${params.horizonMonths} months (discounted at ${
      formatPercent(params.discount)
    } a month), ${money(total / Math.max(n, 1))} per customer; they are expected to make ${
      formatInt(next3)
    } purchases in the next 12 ${unit === "week" ? "weeks" : "weeks (84 days)"}.`,
  });
  const seg = diagnostics.clvDistribution.segments;
  const a = seg.find((s) => s.segment === "A");
  if (a && total > 0) {
    findings.push({
      id: "segment-a",
      text: `Segment A (${formatInt(a.customers)} customers, ${
        formatPercent(a.customers / Math.max(n, 1))
      }) holds ${formatPercent(a.totalClv / total)} of the predicted value, ${
        money(a.meanClv)
      } per customer on average.`,
    });
    recommendations.push({
      id: "protect-a",
      text: `Protect segment A first: its ${formatInt(a.customers)} customers hold ${
        formatPercent(a.totalClv / total)
      } of next-${params.horizonMonths}-month value. Service levels, early access and personal contact there pay back most.`,
    });
  }
  const lost = c.p_alive.filter((p) => p < 0.5).length;
  findings.push({
    id: "likely-lost",
    text: `${formatInt(lost)} ${plural(lost, "customer")} (${
      shareText(lost / Math.max(n, 1), fmt)
    }) are more likely gone than active (P(alive) under 50%); the median P(alive) is ${
      formatPercent(medianOf(c.p_alive))
    }.`,
  });
  if (input.pastSpend && lost > 0) {
    const lostValuable = c.customer_id
      .map((id, i) => ({ id, p: c.p_alive[i]!, spend: input.pastSpend!.get(id) ?? 0 }))
      .filter((x) => x.p < 0.5)
      .sort((x, y) => y.spend - x.spend || (x.id < y.id ? -1 : 1));
    const top = lostValuable.slice(0, Math.min(50, lostValuable.length));
    const topSpend = top.reduce((s, x) => s + x.spend, 0);
    recommendations.push({
      id: "win-back",
      text: `Win-back list: the ${top.length} biggest past spenders with P(alive) under 50% spent ${
        money(topSpend)
      } in the period (customers.csv, sorted by monetary, filtered on p_alive < 0.5). Contact them before they are lost for good.`,
    });
  }
  const boundary = bg.boundary ??
    (bg.noDropout && bg.noDropout.verdict !== "interior" ? boundarySentence(bg.report) : undefined);
  findings.push({
    id: "fit",
    text: `BG/NBD (r ${formatNumber(bg.params.r ?? NaN, 3)}, alpha ${
      formatNumber(bg.params.alpha ?? NaN, 3)
    }, a ${formatNumber(bg.params.a ?? NaN, 3)}, b ${
      formatNumber(bg.params.b ?? NaN, 3)
    }; log-likelihood ${formatNumber(bg.logLikelihood, 1)}) ${
      bg.converged ? "converged" : "did not converge"
    } in ${bg.iterations} iterations${
      boundary ? `. ${boundary}` : "; the optimum is inside the parameter space."
    }`,
  });
  if (boundary) {
    recommendations.push({
      id: "boundary",
      text:
        "The data shows little dropout, so the model sees almost everyone as active: rank customers by CLV, but watch recency (days since the last order) to spot churn.",
    });
  }
  const others = [params.models.mbg_nbd, params.models.pareto_nbd].filter((m) => m !== null);
  if (others.length > 0) {
    findings.push({
      id: "comparison",
      text: `For comparison: ${
        others.map((m) =>
          `${MODEL_NAMES[m!.model] ?? m!.model} log-likelihood ${formatNumber(m!.logLikelihood, 1)}`
        )
          .join(", ")
      } (BG/NBD ${formatNumber(bg.logLikelihood, 1)}; higher fits better).`,
    });
  }
  if (c.clv_lower && c.clv_upper && total > 0) {
    const lo = c.clv_lower.reduce((s, v) => s + v, 0);
    const hi = c.clv_upper.reduce((s, v) => s + v, 0);
    findings.push({
      id: "parameter-uncertainty",
      text: `Parameter uncertainty: summed over customers, the ${
        formatPercent(params.intervals?.level ?? 0.9, 0)
      } per-customer intervals run from ${money(lo)} to ${money(hi)} (${
        params.intervals?.method ?? "bootstrap"
      }).`,
    });
  }
  const h = input.holdout;
  if (h && h.predictedTotal > 0) {
    const err = (h.predictedTotal - h.actualTotal) / Math.max(h.actualTotal, 1e-9);
    findings.push({
      id: "holdout",
      text: `Out-of-sample check: fitted on data up to ${
        h.calibrationEnd.toISOString().slice(0, 10)
      }, the model predicted ${formatInt(h.predictedTotal)} repeat purchases for the ${
        formatInt(h.customers)
      } calibration customers up to ${h.observationEnd.toISOString().slice(0, 10)}; they made ${
        formatInt(h.actualTotal)
      } (${err >= 0 ? "+" : "−"}${formatPercent(Math.abs(err))}).`,
    });
    if (Math.abs(err) > 0.15) {
      recommendations.push({
        id: "holdout-error",
        text: `The model ${err < 0 ? "under" : "over"}-predicted the holdout by ${
          formatPercent(Math.abs(err))
        }${
          err < 0
            ? " (BG/NBD assumes steady buying rates; a seasonal peak or growth in the holdout is not in it)"
            : ""
        }: use CLV to rank and compare customers, and scale absolute forecasts with care.`,
      });
    }
  }
  const spend = params.spend;
  findings.push(...spend.notes.slice(-1).map((text) => ({ id: "spend", text })));
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
    findings.push({
      id: "rule-based",
      text:
        `The rule-based CLTV (average order value × purchase frequency / churn rate × margin) ranks customers exactly by past spend; it puts ${
          formatPercent(same / Math.max(both, 1))
        } of customers in the same A–D segment as the model, which also weighs recency and frequency.`,
    });
  }
  (input.notes ?? []).forEach((note, i) =>
    findings.push({ id: `note-${i + 1}`, text: `Note: ${note}` })
  );

  const blocks: Block[] = [
    {
      kind: "kpis",
      id: "clv.kpis",
      items: [
        { label: `Predicted ${params.horizonMonths}-month value`, value: money(total) },
        { label: "Per customer", value: money(total / Math.max(n, 1)) },
        {
          label: "Segment A share",
          value: a && total > 0 ? formatPercent(a.totalClv / total) : "–",
        },
        { label: "Likely lost (P(alive) < 50%)", value: formatPercent(lost / Math.max(n, 1)) },
        ...(h
          ? [{
            label: "Holdout: predicted / actual",
            value: `${formatInt(h.predictedTotal)} / ${formatInt(h.actualTotal)}`,
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
          clvShare: total > 0 ? s.totalClv / total : 0,
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
          formatValue: money,
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
            "Customers by number of repeat purchases up to the as-of date, observed and as the fitted BG/NBD expects them (exact probabilities, not a simulation). Close pairs of bars mean the model fits the purchase counts.",
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
          {
            mode: "incremental",
            calibrationEnd: h.calibrationEndPeriod,
            format: fmt,
          },
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
      caption:
        `Customer ${hist.customerId}: ${hist.reason}. P(alive) falls while no purchase comes and jumps back at each purchase.`,
    });
  }
  blocks.push({
    kind: "table",
    id: "clv.fits",
    title: "Model fits",
    file: "clv_params.json",
    columns: [
      { key: "model", format: "text" },
      { key: "params", label: "parameters", format: "text", wrap: true },
      { key: "logLikelihood", label: "log-likelihood", format: "number" },
      { key: "iterations", format: "int" },
      { key: "report", label: "fit report", format: "text", wrap: true },
    ],
    rows: Object.values(params.models).filter((m) => m !== null).map((m) => ({
      model: MODEL_NAMES[m!.model] ?? m!.model,
      params: Object.entries(m!.params).map(([k, v]) =>
        `${k} ${formatNumber(v, 3)}${
          m!.standardErrors?.[k] !== undefined
            ? ` (se ${formatNumber(m!.standardErrors[k]!, 3)})`
            : ""
        }`
      ).join(", "),
      logLikelihood: m!.logLikelihood,
      iterations: m!.iterations,
      report: m!.report.slice(3).join(" "),
    })),
  });
  return {
    id: "clv",
    title: "Customer lifetime value",
    lead: `${money(total)} predicted over the next ${params.horizonMonths} months from ${
      formatInt(n)
    } customers; segment A (${
      a ? formatPercent(a.customers / Math.max(n, 1)) : "–"
    } of customers) holds ${a && total > 0 ? formatPercent(a.totalClv / total) : "–"} of it.`,
    findings,
    recommendations,
    blocks,
  };
}

function medianOf(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const i = (s.length - 1) / 2;
  return (s[Math.floor(i)]! + s[Math.ceil(i)]!) / 2;
}

/** Start of the overflow bin (the 99th percentile) when the bins have one. */
function percentile99(bins: readonly { x0: number; x1: number }[]): number {
  return bins.length === 21 ? bins[20]!.x0 : Infinity;
}

/** A share as a percentage, "under 0.1%" for small non-zero shares. */
function shareText(x: number, fmt: Format): string {
  return x > 0 && x < 0.001 ? "under 0.1%" : fmt.percent(x);
}
