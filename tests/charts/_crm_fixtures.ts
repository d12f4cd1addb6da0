/**
 * Fixed inputs of the CRM charts (values of the embedded CRM sample, rounded).
 *
 * @module
 */
import type {
  AttainmentRow,
  ChannelMixRow,
  DataCheckRow,
  IntervalRow,
  WinTrendRow,
} from "../../lib/charts/mod.ts";

export const channelRates: IntervalRow[] = [
  { label: "Phone", estimate: 0.8665, low: 0.8334, high: 0.8939, n: 487, highlight: true },
  { label: "Chat", estimate: 0.7574, low: 0.7168, high: 0.7938, n: 474 },
  { label: "Email", estimate: 0.6378, low: 0.5924, high: 0.6808, n: 450 },
  { label: "Social", estimate: 0.5108, low: 0.4394, high: 0.5816, n: 186 },
];

export const elasticities: IntervalRow[] = [
  { label: "Accessories", estimate: -1.70, low: -2.28, high: -1.13, n: 120 },
  { label: "Home", estimate: -1.69, low: -2.30, high: -1.08, n: 120 },
  { label: "Electronics", estimate: -0.76, low: -1.65, high: 0.13, n: 108 },
  { label: "Premium", estimate: 0.13, low: -0.73, high: 1.0, n: 77 },
];

export const checks: DataCheckRow[] = [
  { label: "pipeline: near-duplicate spelling (product)", rows: 133, outcome: "kept" },
  { label: "interactions: standardised spelling (channel)", rows: 10, outcome: "changed" },
  { label: "interactions: broken reference (customer_id)", rows: 7, outcome: "kept" },
  { label: "transactions: amount differs (amount)", rows: 6, outcome: "changed" },
  { label: "transactions: duplicate row", rows: 5, outcome: "removed" },
  { label: "interactions: duplicate key (interaction_id)", rows: 4, outcome: "removed" },
  { label: "customers: duplicate key (customer_id)", rows: 3, outcome: "removed" },
];

export const channelMixRows: ChannelMixRow[] = [
  { group: "18-24", channel: "Chat", interactions: 169, share: 0.54 },
  { group: "18-24", channel: "Email", interactions: 63, share: 0.2 },
  { group: "18-24", channel: "Phone", interactions: 50, share: 0.16 },
  { group: "18-24", channel: "Social", interactions: 31, share: 0.1 },
  { group: "45-54", channel: "Chat", interactions: 60, share: 0.25 },
  { group: "45-54", channel: "Email", interactions: 84, share: 0.35 },
  { group: "45-54", channel: "Phone", interactions: 72, share: 0.3 },
  { group: "45-54", channel: "Social", interactions: 24, share: 0.1 },
  { group: "65+", channel: "Chat", interactions: 19, share: 0.14 },
  { group: "65+", channel: "Email", interactions: 38, share: 0.28 },
  { group: "65+", channel: "Phone", interactions: 71, share: 0.52 },
  { group: "65+", channel: "Social", interactions: 9, share: 0.06 },
];

export const attainment: AttainmentRow[] = [
  { label: "Gus Quinn-11", attainment: 1.43, target: 20100 },
  { label: "Lea Rao-21", attainment: 1.37, target: 15800 },
  { label: "Fay Nash-10", attainment: 1.13, target: 16400 },
  { label: "Kai Orr-20", attainment: 0.9, target: 21900 },
  { label: "Lea Vance-16", attainment: 0.72, target: 18800 },
];

export const winMonths: WinTrendRow[] = [
  { month: "2024-01", won: 22, lost: 18 },
  { month: "2024-02", won: 25, lost: 21 },
  { month: "2024-03", won: 19, lost: 24 },
  { month: "2024-04", won: 28, lost: 17 },
  { month: "2024-05", won: 24, lost: 20 },
  { month: "2024-06", won: 21, lost: 23 },
];
