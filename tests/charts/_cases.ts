/**
 * Every chart on its fixed fixture, by golden name. Shared by the golden and the
 * markup-hygiene tests so a new chart is covered by both once it is listed here.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import * as C from "../../lib/charts/mod.ts";
import * as F from "./_fixtures.ts";
import * as CRM from "./_crm_fixtures.ts";
import { createFormat } from "../../lib/format/mod.ts";

/** Money in the goldens is in pounds, as the UCI data. */
const format = createFormat({ currency: "£" });

export const CASES: Readonly<Record<string, () => Plot.PlotOptions>> = {
  cleaning_funnel: () => C.cleaningFunnel(F.ledger),
  monthly_revenue: () => C.monthlyRevenue(F.monthly, { partialMonths: [F.monthly.at(-1)!.month] }),
  monthly_orders: () => C.monthlyRevenue(F.monthly, { metric: "orders" }),
  new_returning_revenue: () => C.newReturningRevenue(F.newReturning),
  new_returning_share: () => C.newReturningRevenue(F.newReturning, { normalize: true }),
  top_products: () => C.topItems(F.products, { format }),
  top_countries: () => C.topItems(F.countries, { itemName: "countries", by: "quantity", limit: 5 }),
  weekday_hour_heatmap: () => C.weekdayHourHeatmap(F.weekdayHour),
  price_distribution: () => C.priceDistribution(F.prices),
  quantity_distribution: () => C.quantityDistribution(F.quantities, { clipQuantile: 0.95 }),
  lorenz_curve: () => C.lorenzCurve(F.lorenz, { gini: 0.58 }),
  inter_purchase_days: () => C.interPurchaseDays(F.gaps),
  histogram_gaps: () =>
    C.histogram(F.gapBins, {
      label: "Days between purchases",
      median: 24,
      clipAt: 182,
      unit: "gaps",
    }),
  rfm_grid: () => C.rfmGrid(F.rfmCells),
  segment_sizes: () => C.segmentSizes(F.segments),
  product_segment_mix: () => C.productSegmentMix(F.productMix),
  cohort_retention: () => C.cohortRetention(F.cohorts, { partialMonths: ["2011-06"] }),
  period_transactions: () => C.periodTransactions(F.periodTx),
  calibration_holdout: () => C.calibrationHoldout(F.calHoldout),
  tracking_cumulative: () => C.purchaseTracking(F.cumulativeTracking, { calibrationEnd: 26 }),
  tracking_incremental: () =>
    C.purchaseTracking(F.tracking, { mode: "incremental", calibrationEnd: 26 }),
  frequency_recency_matrix: () => C.frequencyRecencyMatrix(F.frMatrix),
  probability_alive_matrix: () => C.probabilityAliveMatrix(F.aliveMatrix),
  probability_alive_history: () =>
    C.probabilityAliveHistory(F.aliveHistory, { customerId: "12347" }),
  clv_distribution: () => C.clvDistribution(F.clvValues, { format }),
  clv_segments: () => C.clvSegments(F.clvSegmentRows, { format }),
  data_checks: () => C.dataChecks(CRM.checks),
  interval_rates: () =>
    C.intervalDots(CRM.channelRates, {
      title: "Resolution rate by channel",
      reference: 0.728,
      referenceLabel: "the overall rate",
      xLabel: "Resolved",
    }),
  interval_elasticities: () =>
    C.intervalDots(CRM.elasticities, {
      title: "Price elasticity by category",
      scale: "number",
      reference: 0,
      referenceLabel: "no response to price",
      xLabel: "Elasticity",
    }),
  channel_mix: () =>
    C.channelMix(CRM.channelMixRows, { groups: ["<18", "18-24", "25-34", "45-54", "65+"] }),
  target_attainment: () => C.targetAttainment(CRM.attainment, { format }),
  win_trend: () => C.winTrend(CRM.winMonths),
};

/** The same charts on empty inputs: they must still render cleanly. */
export const EMPTY_CASES: Readonly<Record<string, () => Plot.PlotOptions>> = {
  cleaning_funnel: () => C.cleaningFunnel([]),
  monthly_revenue: () => C.monthlyRevenue([]),
  new_returning_revenue: () => C.newReturningRevenue([]),
  top_products: () => C.topItems([]),
  weekday_hour_heatmap: () => C.weekdayHourHeatmap([]),
  price_distribution: () => C.priceDistribution([]),
  lorenz_curve: () => C.lorenzCurve([]),
  inter_purchase_days: () => C.interPurchaseDays([]),
  histogram: () => C.histogram([]),
  rfm_grid: () => C.rfmGrid([]),
  segment_sizes: () => C.segmentSizes([]),
  product_segment_mix: () => C.productSegmentMix([]),
  cohort_retention: () => C.cohortRetention([]),
  period_transactions: () => C.periodTransactions([]),
  calibration_holdout: () => C.calibrationHoldout([]),
  tracking_cumulative: () => C.purchaseTracking([]),
  frequency_recency_matrix: () => C.frequencyRecencyMatrix([]),
  probability_alive_matrix: () => C.probabilityAliveMatrix([]),
  probability_alive_history: () => C.probabilityAliveHistory({ history: [], purchases: [] }),
  clv_distribution: () => C.clvDistribution([]),
  clv_segments: () => C.clvSegments([]),
  data_checks: () => C.dataChecks([]),
  interval_dots: () => C.intervalDots([]),
  channel_mix: () => C.channelMix([]),
  target_attainment: () => C.targetAttainment([]),
  win_trend: () => C.winTrend([]),
};
