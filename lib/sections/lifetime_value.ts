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
import type { ClvAnalysis } from "../clv/mod.ts";
import type { RuleBasedCltvResult } from "../clv_rule/mod.ts";
import type { AliveHistoryInput, HoldoutInput, StageSkip } from "../lifetime_value/mod.ts";
import {
  aliveHistoryReasonWords,
  fitPlainWords,
  fitTechnicalWords,
  MODEL_LABELS,
  predictiveIntervalWords,
  spendPlainWords,
  stageSkipWords,
} from "./_clv_words.ts";
import type { Block, Section } from "../report/mod.ts";
import { formatInt, formatMoney, formatNumber, formatPercent } from "../report/mod.ts";
import { chartBlock, plural } from "./_blocks.ts";

/** What {@linkcode lifetimeValueSection} reads: the CLV stage's results. */
export interface LifetimeValueInput {
  readonly analysis: ClvAnalysis;
  /** Past spend per customer of the summary (frequency × monetary value is not it in the
   * repeat convention), aligned with `analysis.customers.customer_id`; for the win-back list. */
  readonly pastSpend?: ReadonlyMap<string, number>;
  readonly holdout?: HoldoutInput | null;
  readonly history?: AliveHistoryInput | null;
  readonly ruleBased?: RuleBasedCltvResult | null;
  /** Steps of the stage that could not run on this data. */
  readonly skipped?: readonly StageSkip[];
}

/**
 * The lifetime-value section: what the customer base is worth over the horizon and who holds
 * it, how sure the model is (fit report, boundary check, prediction intervals, calibration
 * against a holdout period), and the rule-based CLTV next to it.
 *
 * @param input The CLV stage results.
 * @param currency Currency symbol. @default {"£"}
 * @returns The report section.
 */
export function lifetimeValueSection(input: LifetimeValueInput, currency = "£"): Section {
  const { analysis } = input;
  const { params, customers: c, diagnostics } = analysis;
  const money = (x: number) => formatMoney(x, currency);
  const n = c.customer_id.length;
  const unit = params.timeUnit;
  const findings: string[] = [];
  const recommendations: string[] = [];
  const bg = params.models[params.predictionModel]!;
  const mainLabel = MODEL_LABELS[params.predictionModel];
  const total = c.clv.reduce((s, v) => s + v, 0);
  const next3 = c.exp_purchases_3m.reduce((s, v) => s + v, 0);
  findings.push(
    `The ${formatInt(n)} modelled customers are worth ${
      money(total)
    } over the next ${params.horizonMonths} months (discounted at ${
      formatPercent(params.discount)
    } a month), ${money(total / Math.max(n, 1))} per customer; they are expected to make ${
      formatInt(next3)
    } purchases in the next 12 ${unit === "week" ? "weeks" : "weeks (84 days)"}.`,
  );
  const seg = diagnostics.clvDistribution.segments;
  const a = seg.find((s) => s.segment === "A");
  if (a && total > 0) {
    findings.push(
      `Segment A (${formatInt(a.customers)} customers, ${
        formatPercent(a.customers / Math.max(n, 1))
      }) holds ${formatPercent(a.totalClv / total)} of the predicted value, ${
        money(a.meanClv)
      } per customer on average.`,
    );
    recommendations.push(
      `Protect segment A first: its ${formatInt(a.customers)} customers hold ${
        formatPercent(a.totalClv / total)
      } of next-${params.horizonMonths}-month value. Service levels, early access and personal contact there pay back most.`,
    );
  }
  const lost = c.p_alive.filter((p) => p < 0.5).length;
  findings.push(
    `${formatInt(lost)} ${plural(lost, "customer")} (${
      shareText(lost / Math.max(n, 1))
    }) are more likely gone than active (P(alive) under 50%); the median P(alive) is ${
      formatPercent(medianOf(c.p_alive))
    }.`,
  );
  if (input.pastSpend && lost > 0) {
    const lostValuable = c.customer_id
      .map((id, i) => ({ id, p: c.p_alive[i]!, spend: input.pastSpend!.get(id) ?? 0 }))
      .filter((x) => x.p < 0.5)
      .sort((x, y) => y.spend - x.spend || (x.id < y.id ? -1 : 1));
    const top = lostValuable.slice(0, Math.min(50, lostValuable.length));
    const topSpend = top.reduce((s, x) => s + x.spend, 0);
    recommendations.push(
      `Win-back list: the ${top.length} biggest past spenders with P(alive) under 50% spent ${
        money(topSpend)
      } in the period (customers.csv, sorted by monetary, filtered on p_alive < 0.5). Contact them before they are lost for good.`,
    );
  }
  const verdictWords = fitPlainWords(bg);
  findings.push(
    `${mainLabel} (${
      Object.entries(bg.params).map(([k, v]) => `${k} ${formatNumber(v, 3)}`).join(", ")
    }; log-likelihood ${formatNumber(bg.logLikelihood, 1)}) ${
      bg.converged ? "converged" : "did not converge"
    } in ${bg.iterations} iterations${
      verdictWords ? `. ${verdictWords}` : "; the optimum is inside the parameter space."
    }`,
  );
  if (["no-dropout-boundary", "weak-dropout", "undetermined"].includes(bg.verdict.kind)) {
    recommendations.push(
      "The data shows little dropout, so the model sees almost everyone as active: rank customers by CLV, but watch recency (days since the last order) to spot churn.",
    );
  }
  const others = Object.values(params.models).filter((m) =>
    m !== null && m.model !== "gamma_gamma" && m.model !== params.predictionModel
  );
  if (others.length > 0) {
    findings.push(
      `For comparison: ${
        others.map((m) =>
          `${MODEL_LABELS[m!.model]} log-likelihood ${formatNumber(m!.logLikelihood, 1)}`
        )
          .join(", ")
      } (${mainLabel} ${formatNumber(bg.logLikelihood, 1)}; higher fits better).`,
    );
  }
  const pi = params.parameterIntervals;
  if (c.clv_param_lower && c.clv_param_upper && total > 0 && pi.computed) {
    const lo = c.clv_param_lower.reduce((s, v) => s + v, 0);
    const hi = c.clv_param_upper.reduce((s, v) => s + v, 0);
    findings.push(
      `Parameter uncertainty: summed over customers, the ${
        formatPercent(pi.level, 0)
      } ranges of the expected CLV run from ${money(lo)} to ${
        money(hi)
      } (${pi.method}); they say how well the average is known, not what each customer will spend.`,
    );
  }
  const predictive = predictiveIntervalWords(params.predictiveIntervals, params.horizonMonths);
  if (predictive) findings.push(predictive);
  const h = input.holdout;
  if (h && h.predictedTotal > 0) {
    const err = (h.predictedTotal - h.actualTotal) / Math.max(h.actualTotal, 1e-9);
    findings.push(
      `Out-of-sample check: fitted on data up to ${
        h.calibrationEnd.toISOString().slice(0, 10)
      }, the model predicted ${formatInt(h.predictedTotal)} repeat purchases for the ${
        formatInt(h.customers)
      } calibration customers up to ${h.observationEnd.toISOString().slice(0, 10)}; they made ${
        formatInt(h.actualTotal)
      } (${err >= 0 ? "+" : "−"}${formatPercent(Math.abs(err))}).`,
    );
    if (Math.abs(err) > 0.15) {
      recommendations.push(
        `The model ${err < 0 ? "under" : "over"}-predicted the holdout by ${
          formatPercent(Math.abs(err))
        }${
          err < 0
            ? " (BG/NBD assumes steady buying rates; a seasonal peak or growth in the holdout is not in it)"
            : ""
        }: use CLV to rank and compare customers, and scale absolute forecasts with care.`,
      );
    }
  }
  const spendWords = spendPlainWords(params.spend, money);
  if (spendWords) findings.push(spendWords);
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
    findings.push(
      `The rule-based CLTV (average order value × purchase frequency / churn rate × margin) ranks customers exactly by past spend; it puts ${
        formatPercent(same / Math.max(both, 1))
      } of customers in the same A–D segment as the model, which also weighs recency and frequency.`,
    );
  }
  for (const skip of input.skipped ?? []) findings.push(`Note: ${stageSkipWords(skip)}`);

  const blocks: Block[] = [
    {
      kind: "kpis",
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
    chartBlock(
      clvSegments(seg.map((s) => ({
        segment: s.segment,
        customers: s.customers,
        clvMean: s.meanClv,
        clvShare: total > 0 ? s.totalClv / total : 0,
      }))),
      undefined,
    ),
    chartBlock(
      histogram(
        diagnostics.clvDistribution.bins.map((b) => ({ start: b.x0, end: b.x1, count: b.count })),
        {
          label: "Predicted CLV",
          title: `Predicted ${params.horizonMonths}-month customer lifetime value`,
          median: diagnostics.clvDistribution.quantiles.find((q) => q.p === 0.5)?.value,
          clipAt: percentile99(diagnostics.clvDistribution.bins),
          format: money,
          unit: "customers",
        },
      ),
    ),
    chartBlock(periodTransactions(
      diagnostics.repeatPurchases.map((r) => ({
        frequency: r.label,
        actual: r.actual,
        expected: r.expected,
      })),
      {
        caption:
          `Customers by number of repeat purchases up to the as-of date, observed and as the fitted ${mainLabel} expects them (exact probabilities, not a simulation). Close pairs of bars mean the model fits the purchase counts.`,
      },
    )),
  ];
  if (h) {
    blocks.push(
      chartBlock(calibrationHoldout(h.buckets.map((b) => ({
        frequencyCal: b.frequency,
        actual: b.actual,
        predicted: b.predicted,
        customers: b.customers,
      })))),
      chartBlock(
        purchaseTracking(
          h.tracking.map((r) => ({
            period: r.period,
            actual: r.actualCumulative,
            expected: r.expectedCumulative,
          })),
          { calibrationEnd: h.calibrationEndPeriod },
        ),
      ),
      chartBlock(
        purchaseTracking(
          h.tracking.map((r) => ({ period: r.period, actual: r.actual, expected: r.expected })),
          {
            mode: "incremental",
            calibrationEnd: h.calibrationEndPeriod,
          },
        ),
      ),
    );
  }
  const recencyLabel = `Recency (${unit}s)`;
  blocks.push(
    chartBlock(frequencyRecencyMatrix(diagnostics.frequencyRecency.cells, {
      recencyLabel,
      valueLabel: `Expected purchases next ${unit}`,
    })),
    chartBlock(probabilityAliveMatrix(diagnostics.probabilityAlive.cells, { recencyLabel })),
  );
  const hist = input.history;
  if (hist) {
    blocks.push(chartBlock(
      probabilityAliveHistory({ history: hist.history, purchases: hist.purchases }, {
        customerId: hist.customerId,
        timeLabel: `${unit === "week" ? "Weeks" : "Days"} since first purchase`,
      }),
      `Customer ${hist.customerId}: ${
        aliveHistoryReasonWords(hist.reason)
      }. P(alive) falls while no purchase comes and jumps back at each purchase.`,
    ));
  }
  blocks.push({
    kind: "table",
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
      model: MODEL_LABELS[m!.model],
      params: Object.entries(m!.params).map(([k, v]) =>
        `${k} ${formatNumber(v, 3)}${
          m!.standardErrors?.[k] !== undefined
            ? ` (se ${formatNumber(m!.standardErrors[k]!, 3)})`
            : ""
        }`
      ).join(", "),
      logLikelihood: m!.logLikelihood,
      iterations: m!.iterations,
      report: technicalReport(m!),
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

/** A fit's convergence and findings in technical words, for the fits table. */
function technicalReport(report: Parameters<typeof fitTechnicalWords>[0]): string {
  const w = fitTechnicalWords(report);
  return [w.convergence, ...w.findings].join(" ");
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
function shareText(x: number): string {
  return x > 0 && x < 0.001 ? "under 0.1%" : formatPercent(x);
}
