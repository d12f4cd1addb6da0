import type { Db } from "../db/mod.ts";
import { quoteIdent } from "../db/mod.ts";
import { chiSquareTest } from "../stats/mod.ts";
import type { Evidence } from "./support_channels.ts";

/** Age bands, youngest first (ages below 18 go to `<18`). */
export const AGE_BANDS: readonly string[] = [
  "<18",
  "18-24",
  "25-34",
  "35-44",
  "45-54",
  "55-64",
  "65+",
];

/** One cell of the age band × channel table. */
export interface ChannelByAgeRow {
  readonly age_band: string;
  readonly channel: string;
  readonly interactions: number;
  /** Share of the band's interactions. */
  readonly share: number;
}

/** Facts about channel preference by age. */
export interface ChannelByAgeFacts {
  /** Interactions with a known age. */
  readonly interactions: number;
  readonly bands: number;
  readonly evidence: Evidence;
  readonly p: number | null;
  /** Youngest and oldest band with at least `minBand` interactions, their top channel and its share. */
  readonly youngestBand: string | null;
  readonly youngestTopChannel: string | null;
  readonly youngestTopShare: number | null;
  readonly oldestBand: string | null;
  readonly oldestTopChannel: string | null;
  readonly oldestTopShare: number | null;
}

/** Result of {@linkcode channelByAge}. */
export interface ChannelByAge {
  /** Band by band (youngest first), channels by name. */
  readonly rows: readonly ChannelByAgeRow[];
  /** Where the ages came from. */
  readonly ageSource: "interactions" | "customers.age" | "customers.birth_date" | "none";
  readonly facts: ChannelByAgeFacts;
}

/** Options for {@linkcode channelByAge}. */
export interface ChannelByAgeOptions {
  /** @default {"crm_interactions"} */
  table?: string;
  /** Customers table for ages, when the interactions carry none. @default {"crm_customers"} */
  customersTable?: string;
  /** Significance level. @default {0.05} */
  alpha?: number;
  /** Bands with fewer interactions are left out of youngest/oldest. @default {30} */
  minBand?: number;
}

/** SQL of the age band of an age expression. */
export function ageBandSql(age: string): string {
  return `CASE WHEN ${age} IS NULL THEN NULL WHEN ${age} < 18 THEN '<18' WHEN ${age} < 25 THEN '18-24'
    WHEN ${age} < 35 THEN '25-34' WHEN ${age} < 45 THEN '35-44' WHEN ${age} < 55 THEN '45-54'
    WHEN ${age} < 65 THEN '55-64' ELSE '65+' END`;
}

/**
 * Channel preference by age band: the share of each channel within each band, and a chi-square
 * test of band against channel. Ages come from the interactions (`customer_age`), else from the
 * customers table (`age`, or `birth_date` at the interaction's date).
 *
 * @param db The database with the validated tables.
 * @param options Tables and thresholds.
 *
 * @example
 * ```ts
 * import { channelByAge } from "./channel_by_age.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table crm_interactions as select 'C' || (i % 2) as customer_id, null::double as customer_age,
 *   null::timestamp as created_at, case when i % 2 = 0 then 'Chat' else 'Phone' end as channel from range(100) t(i)`);
 * await db.run(`create table crm_customers as select * from (values ('C0', 22.0, null::timestamp), ('C1', 70.0, null)) t(customer_id, age, birth_date)`);
 * const r = await channelByAge(db);
 * equal(r.facts.youngestTopChannel, "Chat");
 * equal(r.facts.oldestTopChannel, "Phone");
 * equal(r.facts.evidence, "clear");
 * db.close();
 * ```
 */
export async function channelByAge(
  db: Db,
  options: ChannelByAgeOptions = {},
): Promise<ChannelByAge> {
  const { table = "crm_interactions", customersTable = "crm_customers" } = options;
  const cols = async (t: string): Promise<string[]> => {
    try {
      return (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(t)}`)).map((r) =>
        r.column_name
      );
    } catch {
      return [];
    }
  };
  const own = await cols(table);
  const cust = await cols(customersTable);
  const ownAge = own.includes("customer_age") &&
    (await db.one<{ n: number }>(
        `SELECT count(customer_age) AS n FROM ${quoteIdent(table)}`,
      )).n > 0;
  let ageSource: ChannelByAge["ageSource"] = "none";
  let from = "";
  let age = "";
  if (ownAge) {
    ageSource = "interactions";
    from = `${quoteIdent(table)} i`;
    age = "i.customer_age";
  } else if (own.includes("customer_id") && cust.includes("customer_id")) {
    const hasAge = cust.includes("age") &&
      (await db.one<{ n: number }>(`SELECT count(age) AS n FROM ${quoteIdent(customersTable)}`))
          .n > 0;
    if (hasAge || cust.includes("birth_date")) {
      ageSource = hasAge ? "customers.age" : "customers.birth_date";
      from = `${quoteIdent(table)} i JOIN ${quoteIdent(customersTable)} c USING (customer_id)`;
      age = hasAge
        ? "c.age"
        : "date_diff('year', c.birth_date, coalesce(i.created_at, c.birth_date)) - CASE WHEN strftime(coalesce(i.created_at, c.birth_date), '%m%d') < strftime(c.birth_date, '%m%d') THEN 1 ELSE 0 END";
    }
  }
  if (ageSource === "none") {
    return { rows: [], ageSource, facts: channelByAgeFacts([], options) };
  }
  const counts = await db.all<{ age_band: string; channel: string; interactions: number }>(
    `SELECT ${ageBandSql(age)} AS age_band, i.channel, count(*) AS interactions FROM ${from}
     WHERE i.channel IS NOT NULL AND ${age} IS NOT NULL GROUP BY ALL
     ORDER BY ALL`,
  );
  const bandTotals = new Map<string, number>();
  for (const c of counts) {
    bandTotals.set(c.age_band, (bandTotals.get(c.age_band) ?? 0) + c.interactions);
  }
  const rows = counts.map((c) => ({ ...c, share: c.interactions / bandTotals.get(c.age_band)! }))
    .sort((a, b) =>
      AGE_BANDS.indexOf(a.age_band) - AGE_BANDS.indexOf(b.age_band) ||
      (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0)
    );
  return { rows, ageSource, facts: channelByAgeFacts(rows, options) };
}

/**
 * Facts from the band × channel table: the chi-square test of independence, and the top channel
 * of the youngest and the oldest band with enough interactions.
 *
 * @example
 * ```ts
 * import { channelByAgeFacts } from "./channel_by_age.ts";
 * import { equal } from "node:assert/strict";
 * const f = channelByAgeFacts([
 *   { age_band: "18-24", channel: "Chat", interactions: 60, share: 0.6 },
 *   { age_band: "18-24", channel: "Email", interactions: 40, share: 0.4 },
 *   { age_band: "65+", channel: "Chat", interactions: 58, share: 0.58 },
 *   { age_band: "65+", channel: "Email", interactions: 42, share: 0.42 },
 * ]);
 * equal(f.evidence, "none");
 * equal(f.youngestTopChannel, "Chat");
 * ```
 */
export function channelByAgeFacts(
  rows: readonly ChannelByAgeRow[],
  options: { alpha?: number; minBand?: number } = {},
): ChannelByAgeFacts {
  const { alpha = 0.05, minBand = 30 } = options;
  const bands = AGE_BANDS.filter((b) => rows.some((r) => r.age_band === b));
  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  const cell = (b: string, c: string) =>
    rows.find((r) => r.age_band === b && r.channel === c)?.interactions ?? 0;
  const test = chiSquareTest(bands.map((b) => channels.map((c) => cell(b, c))));
  const total = rows.reduce((a, r) => a + r.interactions, 0);
  const evidence: Evidence = total < 30 || test.df === 0 || test.smallExpected
    ? "too-few"
    : test.p < alpha
    ? "clear"
    : "none";
  const big = bands.filter((b) => channels.reduce((a, c) => a + cell(b, c), 0) >= minBand);
  const top = (b: string | undefined) => {
    if (b === undefined) return undefined;
    return rows.filter((r) => r.age_band === b).sort((x, y) =>
      y.share - x.share || (x.channel < y.channel ? -1 : 1)
    )[0];
  };
  const young = top(big[0]);
  const old = big.length > 1 ? top(big[big.length - 1]) : undefined;
  return {
    interactions: total,
    bands: bands.length,
    evidence,
    p: Number.isNaN(test.p) ? null : test.p,
    youngestBand: young?.age_band ?? null,
    youngestTopChannel: young?.channel ?? null,
    youngestTopShare: young?.share ?? null,
    oldestBand: old?.age_band ?? null,
    oldestTopChannel: old?.channel ?? null,
    oldestTopShare: old?.share ?? null,
  };
}
