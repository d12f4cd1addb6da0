import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor } from "./_frame.ts";
import { createFormat } from "../format/mod.ts";

/** One group's share of one channel (an age band's share of chat). */
export interface ChannelMixRow {
  readonly group: string;
  readonly channel: string;
  readonly interactions: number;
  /** Share of the group's interactions, 0–1. */
  readonly share: number;
}

/** Options for {@linkcode channelMix}. */
export interface ChannelMixOptions extends ChartOptions {
  /** Group order (age bands youngest first). @default {order of first appearance} */
  groups?: readonly string[];
  /** What a group is, for the words. @default {"age band"} */
  groupName?: string;
}

/** Colours of channels by position in the sorted channel list (stable for a given set). */
const CHANNEL_COLORS = [
  "#2b83ba",
  "#5bb450",
  "#f59b42",
  "#8c7fa8",
  "#e0573a",
  "#7fc6e6",
  "#bdbdbd",
];

/**
 * How each group (age band) splits its interactions over channels: one stacked bar per group,
 * each summing to 100%, channels in name order with fixed colours, so a shift from chat to
 * phone across ages reads from top to bottom.
 *
 * @param rows Group × channel shares.
 * @param options **groups** order, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { channelMix } from "./channel_mix.ts";
 * import { equal } from "node:assert/strict";
 * const spec = channelMix([
 *   { group: "18-24", channel: "Chat", interactions: 60, share: 0.6 },
 *   { group: "18-24", channel: "Phone", interactions: 40, share: 0.4 },
 *   { group: "65+", channel: "Chat", interactions: 20, share: 0.2 },
 *   { group: "65+", channel: "Phone", interactions: 80, share: 0.8 },
 * ]);
 * equal(spec.subtitle, "Top channel: Chat in 18-24 (60.0%), Phone in 65+ (80.0%)");
 * ```
 */
export function channelMix(
  rows: readonly ChannelMixRow[],
  options: ChannelMixOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const groupName = options.groupName ?? "age band";
  const groups = options.groups?.filter((g) => rows.some((r) => r.group === g)) ??
    [...new Set(rows.map((r) => r.group))];
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  const top = (g: string) =>
    rows.filter((r) => r.group === g).sort((a, b) =>
      b.share - a.share || (a.channel < b.channel ? -1 : 1)
    )[0];
  const ends = groups.length > 1 ? [groups[0]!, groups[groups.length - 1]!] : groups;
  const data = [...rows].sort((
    a,
    b,
  ) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0))
    .map((r) => ({ ...r, text: fmt.percent(r.share, 0) }));
  return frame({
    title: `Channel mix by ${groupName}`,
    subtitle: ends.length === 0
      ? "No interactions with a known age"
      : `Top channel: ${
        ends.map((g) => {
          const t = top(g)!;
          return `${t.channel} in ${g} (${fmt.percent(t.share)})`;
        }).join(", ")
      }`,
    caption: `Each bar is one ${groupName}'s interactions, split by channel (100% per bar).`,
    height: 90 + 28 * Math.max(1, groups.length),
    marginLeft: marginFor(groups, 50),
    x: {
      label: "Share of interactions",
      tickFormat: (d: number) => fmt.percent(d, 0),
      domain: [0, 1],
    },
    y: { label: null, domain: groups },
    color: {
      domain: channels,
      range: channels.map((_, i) => CHANNEL_COLORS[i % CHANNEL_COLORS.length]!),
      legend: channels.length > 0,
    },
    marks: [
      Plot.barX(
        data,
        Plot.stackX({
          x: "share",
          y: "group",
          fill: "channel",
          order: channels,
          title: (d: ChannelMixRow & { text: string }) =>
            `${d.group}, ${d.channel}: ${d.text} (${fmt.int(d.interactions)})`,
        }),
      ),
      Plot.text(
        data.filter((d) => d.share >= 0.08),
        Plot.stackX({
          x: "share",
          y: "group",
          z: "channel",
          order: channels,
          text: "text",
          fill: "white",
        }),
      ),
    ],
  }, options);
}
