/**
 * Small fixed inputs for every chart (hand-made, deterministic).
 *
 * @module
 */
import type {
  AliveHistory,
  CalibrationHoldoutPoint,
  ClvSegmentRow,
  CohortCell,
  FunnelStep,
  LorenzPoint,
  MatrixCell,
  MonthlyRow,
  NewReturningRow,
  PeriodTransactionsRow,
  ProductSegmentMixRow,
  RfmGridCell,
  SegmentRow,
  TopItem,
  TrackingPoint,
  WeekdayHourCell,
} from "../../lib/charts/mod.ts";

export const ledger: FunnelStep[] = [
  {
    step: 1,
    rule: "drop rows without customer id",
    rowsIn: 541_909,
    rowsRemoved: 135_080,
    rowsChanged: 0,
    rowsOut: 406_829,
  },
  {
    step: 2,
    rule: "drop cancelled invoices",
    rowsIn: 406_829,
    rowsRemoved: 8_905,
    rowsChanged: 0,
    rowsOut: 397_924,
  },
  {
    step: 3,
    rule: "drop non-positive prices",
    rowsIn: 397_924,
    rowsRemoved: 40,
    rowsChanged: 0,
    rowsOut: 397_884,
  },
  {
    step: 4,
    rule: "drop exact duplicates",
    rowsIn: 397_884,
    rowsRemoved: 5_192,
    rowsChanged: 0,
    rowsOut: 392_692,
  },
  {
    step: 5,
    rule: "trim descriptions",
    rowsIn: 392_692,
    rowsRemoved: 0,
    rowsChanged: 1_204,
    rowsOut: 392_692,
  },
];

const revenue = [
  560_000,
  498_000,
  683_000,
  493_000,
  723_000,
  691_000,
  681_000,
  682_000,
  1_019_000,
  1_070_000,
  1_461_000,
  1_157_000,
  518_000,
];
export const monthly: MonthlyRow[] = revenue.map((r, i) => ({
  month: `${i < 12 ? 2011 : 2012}-${String((i % 12) + 1).padStart(2, "0")}`,
  revenue: r,
  orders: Math.round(r / 480),
  customers: Math.round(r / 1300),
  revenueChange: i === 0 ? null : r / revenue[i - 1]! - 1,
}));

export const newReturning: NewReturningRow[] = monthly.map((m, i) => ({
  month: m.month,
  newRevenue: Math.round(m.revenue * (0.6 - i * 0.035)),
  returningRevenue: Math.round(m.revenue * (0.4 + i * 0.035)),
}));

export const products: TopItem[] = [
  { label: "PAPER CRAFT , LITTLE BIRDIE", revenue: 168_469, quantity: 80_995 },
  { label: "REGENCY CAKESTAND 3 TIER", revenue: 142_592, quantity: 12_402 },
  { label: "WHITE HANGING HEART T-LIGHT HOLDER", revenue: 100_448, quantity: 36_725 },
  { label: "JUMBO BAG RED RETROSPOT", revenue: 85_220, quantity: 46_181 },
  { label: "MEDIUM CERAMIC TOP STORAGE JAR", revenue: 81_416, quantity: 77_916 },
  { label: "POSTAGE", revenue: 77_803, quantity: 3_120 },
  { label: "PARTY BUNTING", revenue: 68_844, quantity: 15_291 },
  { label: "ASSORTED COLOUR BIRD ORNAMENT", revenue: 56_580, quantity: 35_362 },
  { label: "Manual", revenue: 53_779, quantity: 7_179 },
  { label: "RABBIT NIGHT LIGHT", revenue: 51_346, quantity: 27_202 },
  { label: "CHILLI LIGHTS", revenue: 46_286, quantity: 10_229 },
  { label: "PAPER CHAIN KIT 50'S CHRISTMAS", revenue: 42_660, quantity: 18_902 },
];

export const countries: TopItem[] = [
  { label: "United Kingdom", revenue: 7_308_391, quantity: 4_263_829 },
  { label: "Netherlands", revenue: 285_446, quantity: 200_937 },
  { label: "EIRE", revenue: 265_546, quantity: 140_525 },
  { label: "Germany", revenue: 228_867, quantity: 119_263 },
  { label: "France", revenue: 209_024, quantity: 111_472 },
  { label: "Australia", revenue: 138_521, quantity: 83_653 },
  { label: "Spain", revenue: 61_577, quantity: 27_951 },
];

export const weekdayHour: WeekdayHourCell[] = [];
for (const weekday of [1, 2, 3, 4, 5, 7]) {
  for (let hour = 7; hour <= 20; hour++) {
    const peak = Math.exp(-((hour - 12.5) ** 2) / 8);
    weekdayHour.push({
      weekday,
      hour,
      orders: Math.round(40 + 900 * peak * (weekday === 4 ? 1.3 : 1) * (weekday === 7 ? 0.5 : 1)),
    });
  }
}

/** Skewed, deterministic values: a few large ones and one missing. */
export const prices: number[] = Array.from(
  { length: 200 },
  (_, i) => Math.round((0.4 + (i % 17) * 0.3 + (i % 41 === 0 ? 60 : 0)) * 100) / 100,
);
export const quantities: number[] = Array.from(
  { length: 200 },
  (_, i) => [1, 1, 2, 3, 4, 6, 12, 12, 24, 1][i % 10]! * (i % 67 === 0 ? 50 : 1),
);
export const gaps: number[] = Array.from(
  { length: 150 },
  (_, i) => Math.round(3 + ((i * 37) % 101) * (i % 5 === 0 ? 3 : 1)),
);
export const clvValues: (number | null)[] = [
  ...Array.from({ length: 300 }, (_, i) => Math.round(40 * Math.exp(((i * 13) % 97) / 25))),
  null,
];

export const lorenz: LorenzPoint[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((x) => ({
  customerShare: x,
  revenueShare: Math.pow(x, 3.2),
}));

const SEGMENT_OF: Record<string, string> = {
  "5,5": "champions",
  "5,4": "champions",
  "4,5": "champions",
  "4,4": "loyal_customers",
  "3,5": "loyal_customers",
  "3,4": "loyal_customers",
  "5,3": "potential_loyalists",
  "4,3": "potential_loyalists",
  "5,1": "new_customers",
  "4,1": "promising",
  "5,2": "potential_loyalists",
  "4,2": "promising",
  "3,3": "need_attention",
  "3,2": "about_to_sleep",
  "3,1": "about_to_sleep",
  "2,5": "cant_loose",
  "1,5": "cant_loose",
  "2,4": "at_Risk",
  "2,3": "at_Risk",
  "1,4": "at_Risk",
  "1,3": "at_Risk",
  "2,2": "hibernating",
  "2,1": "hibernating",
  "1,2": "hibernating",
  "1,1": "hibernating",
};
export const rfmCells: RfmGridCell[] = [];
for (let r = 1; r <= 5; r++) {
  for (let f = 1; f <= 5; f++) {
    rfmCells.push({
      recencyScore: r,
      frequencyScore: f,
      customers: 20 + ((r * 7 + f * 13) % 11) * 17,
      segment: SEGMENT_OF[`${r},${f}`]!,
    });
  }
}

export const segments: SegmentRow[] = [
  { segment: "hibernating", customers: 1071, share: 0.247, revenueShare: 0.051 },
  { segment: "at_Risk", customers: 593, share: 0.137, revenueShare: 0.088 },
  { segment: "cant_loose", customers: 63, share: 0.015, revenueShare: 0.021 },
  { segment: "about_to_sleep", customers: 352, share: 0.081, revenueShare: 0.021 },
  { segment: "need_attention", customers: 187, share: 0.043, revenueShare: 0.029 },
  { segment: "loyal_customers", customers: 819, share: 0.189, revenueShare: 0.202 },
  { segment: "promising", customers: 94, share: 0.022, revenueShare: 0.004 },
  { segment: "new_customers", customers: 42, share: 0.01, revenueShare: 0.002 },
  { segment: "potential_loyalists", customers: 484, share: 0.112, revenueShare: 0.043 },
  { segment: "champions", customers: 633, share: 0.146, revenueShare: 0.539 },
];

export const productMix: ProductSegmentMixRow[] = [
  { productSegment: "Gifts", category: "champions", share: 0.5 },
  { productSegment: "Gifts", category: "loyal_customers", share: 0.3 },
  { productSegment: "Gifts", category: "hibernating", share: 0.2 },
  { productSegment: "Home", category: "champions", share: 0.35 },
  { productSegment: "Home", category: "loyal_customers", share: 0.25 },
  { productSegment: "Home", category: "hibernating", share: 0.4 },
  { productSegment: "Seasonal", category: "champions", share: 0.15 },
  { productSegment: "Seasonal", category: "loyal_customers", share: 0.45 },
  { productSegment: "Seasonal", category: "hibernating", share: 0.4 },
];

export const cohorts: CohortCell[] = [];
for (let c = 0; c < 6; c++) {
  const size = 400 - c * 45;
  for (let p = 0; p < 6 - c; p++) {
    const retention = p === 0
      ? 1
      : Math.round((0.42 - 0.03 * c) * Math.pow(0.88, p - 1) * 1000) / 1000;
    cohorts.push({
      cohort: `2011-0${c + 1}`,
      period: p,
      customers: Math.round(size * retention),
      retention,
    });
  }
}

export const periodTx: PeriodTransactionsRow[] = [
  { frequency: "0", actual: 1411, expected: 1392 },
  { frequency: "1", actual: 439, expected: 471 },
  { frequency: "2", actual: 214, expected: 222 },
  { frequency: "3", actual: 100, expected: 117 },
  { frequency: "4", actual: 62, expected: 65 },
  { frequency: "5", actual: 38, expected: 38 },
  { frequency: "6+", actual: 93, expected: 52 },
];

export const calHoldout: CalibrationHoldoutPoint[] = [0, 1, 2, 3, 4, 5, 6, 7].map((f) => ({
  frequencyCal: f,
  actual: Math.round((0.2 + f * 0.55 + (f % 3 === 0 ? 0.1 : -0.05)) * 100) / 100,
  predicted: Math.round((0.22 + f * 0.52) * 100) / 100,
  customers: Math.round(1400 / (1 + f * f)),
}));

export const tracking: TrackingPoint[] = Array.from({ length: 40 }, (_, i) => ({
  period: i + 1,
  actual: Math.round(60 + 20 * Math.sin(i / 3) + i * 0.5),
  expected: Math.round(62 + i * 0.45),
}));
export const cumulativeTracking: TrackingPoint[] = tracking.map((p, i) => ({
  period: p.period,
  actual: tracking.slice(0, i + 1).reduce((s, q) => s + q.actual, 0),
  expected: tracking.slice(0, i + 1).reduce((s, q) => s + q.expected, 0),
}));

export const frMatrix: MatrixCell[] = [];
export const aliveMatrix: MatrixCell[] = [];
for (let f = 0; f <= 12; f++) {
  for (let r = 0; r <= 30; r += 2) {
    frMatrix.push({
      frequency: f,
      recency: r,
      value: Math.round((f / 12) * (r / 30) * 2.5 * 1000) / 1000,
    });
    aliveMatrix.push({
      frequency: f,
      recency: r,
      value: f === 0
        ? 1
        : Math.round(Math.min(1, Math.exp(-(f / 4) * (1 - r / 30) * 3)) * 1000) / 1000,
    });
  }
}

export const aliveHistory: AliveHistory = {
  purchases: [0, 6, 9, 20],
  history: Array.from({ length: 41 }, (_, t) => {
    const last = [0, 6, 9, 20].filter((p) => p <= t).pop()!;
    return { t, pAlive: Math.round(Math.exp(-(t - last) / 12) * 1000) / 1000 };
  }),
};

export const clvSegmentRows: ClvSegmentRow[] = [
  { segment: "A", customers: 1084, clvMean: 3120, clvShare: 0.68 },
  { segment: "B", customers: 1085, clvMean: 890, clvShare: 0.19 },
  { segment: "C", customers: 1084, clvMean: 420, clvShare: 0.09 },
  { segment: "D", customers: 1085, clvMean: 180, clvShare: 0.04 },
];

/** Weekly gap bins as lib/features returns them: a long tail and an open last bin. */
export const gapBins: { start: number; end: number | null; count: number }[] = Array.from(
  { length: 52 },
  (_, i) => ({
    start: 7 * i,
    end: i === 51 ? null : 7 * (i + 1),
    count: Math.round(900 * Math.exp(-i / 5)) + (i % 3),
  }),
);
