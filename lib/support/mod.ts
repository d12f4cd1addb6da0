/**
 * Customer interaction effectiveness: resolution rate by channel with Wilson intervals and a
 * chi-square test of channel against outcome, resolution time and satisfaction by channel, and
 * channel preference by age band. Each analysis returns small typed rows and a facts object
 * whose `evidence` says whether a difference is supported (`clear`), not supported (`none`) or
 * cannot be judged (`too-few`).
 *
 * @example
 * ```ts
 * import { RESOLVED_STATUSES, SUPPORT_CHANNEL_COLUMNS } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(RESOLVED_STATUSES.join(","), "Closed,Resolved,Solved,Done");
 * equal(SUPPORT_CHANNEL_COLUMNS.length, 9);
 * ```
 *
 * @module
 */
export * from "./channel_by_age.ts";
export * from "./support_channels.ts";
