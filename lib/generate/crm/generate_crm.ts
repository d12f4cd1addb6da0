import { formatDateTime, formatDay, parseDay } from "../date_time.ts";
import { createRandom, type Random } from "../../stats/mod.ts";
import { cumulativeSum, sampleIndex, sampleNormal, samplePoisson } from "../../stats/mod.ts";
import { plantDefects } from "./_defects.ts";
import type { CrmDefects, CrmEffects, CrmTruth } from "./truth.ts";

/** A cell of a generated table. */
export type CrmCell = string | number | null;

/** One generated file: name, header and rows. */
export interface CrmFile {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly CrmCell[])[];
}

/** A generated CRM dataset: its files and what it was made with. */
export interface CrmDataset {
  readonly files: readonly CrmFile[];
  readonly truth: CrmTruth;
}

/** Options for {@linkcode generateCrm}. */
export interface GenerateCrmOptions {
  /** @default {42} */
  seed?: number;
  /** @default {600} */
  customers?: number;
  /** Expected transaction lines. @default {2400} */
  transactions?: number;
  /** Expected interactions. @default {1600} */
  interactions?: number;
  /** Expected pipeline deals. @default {1200} */
  deals?: number;
  /** First day, YYYY-MM-DD. @default {"2023-01-01"} */
  start?: string;
  /** Months covered. @default {24} */
  months?: number;
  /** Plant the effects (false: every channel, category, region and rep alike). @default {true} */
  effects?: boolean;
  /** Plant the defects. @default {true} */
  defects?: boolean;
}

/** Defaults of {@linkcode generateCrm}. */
export const DEFAULT_CRM_OPTIONS: Required<GenerateCrmOptions> = {
  seed: 42,
  customers: 600,
  transactions: 2400,
  interactions: 1600,
  deals: 1200,
  start: "2023-01-01",
  months: 24,
  effects: true,
  defects: true,
};

const CHANNELS = ["Email", "Chat", "Phone", "Social"] as const;
const AGE_BANDS = ["18-34", "35-54", "55+"] as const;
const CUSTOMER_REGIONS = ["North", "South", "East", "West"] as const;
const SALES_REGIONS = ["Central", "East", "West"] as const;

/** Products: name, category, list price. */
const PRODUCTS: readonly [string, string, number][] = [
  ["Cable Kit", "Accessories", 8],
  ["Phone Case", "Accessories", 12],
  ["Charger Mini", "Accessories", 15],
  ["Screen Guard", "Accessories", 6],
  ["Stylus Set", "Accessories", 19],
  ["Desk Lamp", "Home", 35],
  ["Wall Clock", "Home", 28],
  ["Mug Set", "Home", 18],
  ["Photo Frame", "Home", 22],
  ["Cushion", "Home", 25],
  ["GTX Basic", "Electronics", 120],
  ["GTX Pro", "Electronics", 450],
  ["GTX Plus", "Electronics", 300],
  ["MG Special", "Electronics", 90],
  ["MG Advanced", "Electronics", 380],
  ["GTK 500", "Premium", 950],
  ["Studio Speaker", "Premium", 700],
  ["Smart Watch", "Premium", 520],
  ["Pro Camera", "Premium", 1200],
  ["Noise Headset", "Premium", 640],
];

const SECTORS = ["retail", "software", "medical", "finance", "marketing", "technology"];
const FIRST = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"];
const LAST = ["Moss", "Nash", "Orr", "Pike", "Quinn", "Rao", "Shaw", "Tate", "Uhl", "Vance"];

/**
 * Generates a realistic multi-table CRM dataset (customers, products, transactions,
 * interactions, sales team, pipeline, accounts, targets, and a data dictionary), seeded and
 * pure. With `effects` it plants what the analyses should find: Phone resolves best and Social
 * worst; customers under 35 prefer Chat; categories differ in price elasticity (Accessories
 * −2.2 to Premium −0.3, prices varying ±25% month to month); three reps exceed their target
 * (targets at 0.7 of their expected won value, the others at 1.3); the East sales region wins
 * fewer deals; West customers buy premium products twice as often. With `defects` it plants
 * duplicated keys and rows, broken references, the `GTXPro` spelling of `GTX Pro` in the
 * pipeline, amounts that disagree with quantity x price, dates out of order or range, channel
 * spellings in other cases, missing channels and accounts, and two reps without deals; `truth`
 * has the exact counts.
 *
 * @param options Sizes, seed and switches.
 * @returns The files and the truth they were made with.
 *
 * @example
 * ```ts
 * import { generateCrm } from "./generate_crm.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const a = generateCrm({ seed: 1, customers: 50, transactions: 200, interactions: 100, deals: 100 });
 * const b = generateCrm({ seed: 1, customers: 50, transactions: 200, interactions: 100, deals: 100 });
 * deepStrictEqual(a, b);
 * equal(a.files.map((f) => f.name).includes("sales_pipeline.csv"), true);
 * equal(a.truth.effects.bestChannel, "Phone");
 * ```
 */
export function generateCrm(options: GenerateCrmOptions = {}): CrmDataset {
  const o = { ...DEFAULT_CRM_OPTIONS, ...options };
  const random = createRandom(o.seed);
  const startDay = parseDay(o.start);
  if (startDay === undefined) {
    throw new RangeError(`Cannot generate: start is not YYYY-MM-DD: current value is "${o.start}"`);
  }
  const monthStarts = Array.from({ length: o.months + 1 }, (_, m) => addMonths(startDay, m));
  const endDay = monthStarts[o.months]! - 1;
  const effects = plantedEffects(o.effects);

  // Customers.
  const customers = Array.from({ length: o.customers }, (_, i) => {
    const age = Math.min(80, Math.max(18, Math.round(18 + 62 * random.next() ** 1.3)));
    return {
      id: `C${String(10001 + i)}`,
      name: `${pick(random, FIRST)} ${pick(random, LAST)}`,
      age,
      gender: random.next() < 0.5 ? "F" : "M",
      region: pick(random, CUSTOMER_REGIONS),
      signup: startDay - Math.floor(random.next() * 720),
      activity: Math.exp(0.8 * sampleNormal(random)),
    };
  });
  const customerRows: CrmCell[][] = customers.map((
    c,
  ) => [c.id, c.name, c.age, c.gender, c.region, formatDay(c.signup)]);

  // Products and price tiers (top third of list prices is premium).
  const productRows: CrmCell[][] = PRODUCTS.map((
    p,
    i,
  ) => [`P${String(101 + i)}`, p[0], p[1], p[2]]);
  const sortedPrices = PRODUCTS.map((p) => p[2]).sort((a, b) => a - b);
  const premiumFrom = sortedPrices[Math.floor((2 * sortedPrices.length) / 3)]!;

  // Transactions: per product and month, lines ~ Poisson(base * (price multiplier)^elasticity).
  const transactionRows: CrmCell[][] = [];
  const weightFor = (premium: boolean) =>
    cumulativeSum(
      customers.map((c) => c.activity * (premium && effects.premiumRegion === c.region ? 2 : 1)),
    );
  const weights = { budget: weightFor(false), premium: weightFor(true) };
  const base = PRODUCTS.map((p) => 1 / Math.sqrt(p[2]));
  const baseSum = base.reduce((a, b) => a + b, 0);
  let txId = 500001;
  for (let m = 0; m < o.months; m++) {
    for (let p = 0; p < PRODUCTS.length; p++) {
      const [, category, listPrice] = PRODUCTS[p]!;
      const multiplier = 0.75 + 0.5 * random.next();
      const price = round2(listPrice * multiplier);
      const lambda = (o.transactions / o.months) * (base[p]! / baseSum) *
        multiplier ** effects.elasticity[category]!;
      const lines = samplePoisson(random, lambda);
      for (let k = 0; k < lines; k++) {
        const day = monthStarts[m]! +
          Math.floor(random.next() * (monthStarts[m + 1]! - monthStarts[m]!));
        const c = customers[
          sampleIndex(random, listPrice >= premiumFrom ? weights.premium : weights.budget)
        ]!;
        const quantity = 1 + samplePoisson(random, 0.6);
        transactionRows.push([
          `T${txId++}`,
          c.id,
          productRows[p]![0]!,
          formatDay(day),
          quantity,
          price,
          round2(quantity * price),
        ]);
      }
    }
  }
  transactionRows.sort((a, b) => (a[3]! < b[3]! ? -1 : a[3]! > b[3]! ? 1 : 0));

  // Interactions: channel by age band, resolution by channel.
  const interactionRows: CrmCell[][] = [];
  const interactionCustomers = cumulativeSum(customers.map((c) => c.activity));
  const issueTypes = ["Billing", "Technical", "Delivery", "Returns", "Account"];
  for (let i = 0; i < o.interactions; i++) {
    const c = customers[sampleIndex(random, interactionCustomers)]!;
    const band = c.age < 35 ? "18-34" : c.age < 55 ? "35-54" : "55+";
    const w = effects.channelWeights[band]!;
    const channel = CHANNELS[sampleIndex(random, cumulativeSum(CHANNELS.map((ch) => w[ch]!)))]!;
    const created = startDay * 1440 + Math.floor(random.next() * (endDay - startDay + 1) * 1440);
    const resolved = random.next() < effects.resolveProbability[channel]!;
    const hours = effects.medianHours[channel]! * Math.exp(0.6 * sampleNormal(random));
    const status = resolved
      ? random.next() < 0.5 ? "Resolved" : "Closed"
      : pick(random, ["Open", "Pending", "Escalated"]);
    const rated = random.next() < 0.7;
    const satisfaction = !rated
      ? null
      : resolved
      ? 3 + Math.min(2, samplePoisson(random, 1.2))
      : 1 + Math.min(2, samplePoisson(random, 0.6));
    interactionRows.push([
      `I${String(700001 + i)}`,
      c.id,
      formatDateTime(created),
      channel,
      pick(random, issueTypes),
      status,
      resolved ? formatDateTime(created + Math.round(hours * 60)) : null,
      satisfaction,
    ]);
  }
  interactionRows.sort((a, b) => (a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0));

  // Sales team: 20 reps in three regions, two managers per region.
  const reps: { name: string; manager: string; region: string }[] = [];
  const perRegion = [7, 7, 6];
  SALES_REGIONS.forEach((region, r) => {
    const managers = [`${FIRST[2 * r]!} ${LAST[r]!}`, `${FIRST[2 * r + 1]!} ${LAST[r + 3]!}`];
    for (let k = 0; k < perRegion[r]!; k++) {
      reps.push({
        name: `${FIRST[(r * 5 + k) % FIRST.length]!} ${LAST[(k * 3 + r) % LAST.length]!}-${r}${k}`,
        manager: managers[k % 2]!,
        region,
      });
    }
  });
  const silentReps = o.defects ? [reps[6]!.name, reps[19]!.name] : [];
  const activeReps = reps.filter((r) => !silentReps.includes(r.name));

  // Accounts.
  const accounts = Array.from({ length: 60 }, (_, i) => ({
    name: `${pick(random, ["Acme", "Bolt", "Cora", "Dyna", "Echo", "Flux", "Gala", "Hexa"])}${
      ["tech", "soft", "med", "corp", "labs", "works"][i % 6]
    } ${i + 1}`,
    sector: SECTORS[i % SECTORS.length]!,
  }));
  const accountRows: CrmCell[][] = accounts.map((a, i) => [
    a.name,
    a.sector,
    1980 + Math.floor(random.next() * 40),
    round2(50 + random.next() * 5000),
    20 + Math.floor(random.next() ** 2 * 20000),
    pick(random, ["United States", "Germany", "Japan", "Brazil", "Kenya"]),
    i >= 50 ? accounts[i - 50]!.name : null,
  ]);

  // Pipeline: engaged, then won or lost one to three months later; the last two months open.
  const pipelineProducts = PRODUCTS.map((p, i) => ({ p, i })).filter(({ p }) =>
    p[1] === "Electronics" || p[1] === "Premium"
  );
  const dealRows: CrmCell[][] = [];
  const expectedByRepQuarter = new Map<string, number>();
  for (let d = 0; d < o.deals; d++) {
    const rep = activeReps[Math.floor(random.next() * activeReps.length)]!;
    const { p } = pipelineProducts[Math.floor(random.next() * pipelineProducts.length)]!;
    const account = accounts[Math.floor(random.next() * accounts.length)]!.name;
    const engage = startDay + Math.floor(random.next() * (endDay - startDay + 1));
    const close = engage + 20 + Math.floor(random.next() * 70);
    const id = `OPP${String(90001 + d)}`;
    const pWin = effects.winProbability[rep.region]!;
    if (random.next() < 0.04) {
      dealRows.push([id, rep.name, p[0], account, "Prospecting", null, null, null]);
      continue;
    }
    if (close > endDay) {
      dealRows.push([id, rep.name, p[0], account, "Engaging", formatDay(engage), null, null]);
      continue;
    }
    const won = random.next() < pWin;
    const value = Math.round(p[2] * (0.9 + 0.2 * random.next()));
    const key = `${rep.name}|${quarterOf(close)}`;
    expectedByRepQuarter.set(key, (expectedByRepQuarter.get(key) ?? 0) + pWin * p[2]);
    dealRows.push([
      id,
      rep.name,
      p[0],
      account,
      won ? "Won" : "Lost",
      formatDay(engage),
      formatDay(close),
      won ? value : 0,
    ]);
  }

  // Targets per rep and quarter: a share of the expected won value.
  const exceeding = o.effects ? [reps[0]!.name, reps[8]!.name, reps[15]!.name] : [];
  const targetRows: CrmCell[][] = [];
  for (const rep of activeReps) {
    for (let m = 0; m < o.months; m += 3) {
      const quarter = quarterOf(monthStarts[m]!);
      const expected = expectedByRepQuarter.get(`${rep.name}|${quarter}`) ?? 0;
      if (expected === 0) continue;
      const factor = exceeding.includes(rep.name)
        ? effects.attainment.exceeding
        : effects.attainment.others;
      targetRows.push([rep.name, quarter, Math.round(expected / factor)]);
    }
  }
  const teamRows: CrmCell[][] = reps.map((r) => [r.name, r.manager, r.region]);

  const files: CrmFile[] = [
    {
      name: "customers.csv",
      header: ["customer_id", "name", "age", "gender", "region", "signup_date"],
      rows: customerRows,
    },
    {
      name: "products.csv",
      header: ["product_id", "product", "series", "sales_price"],
      rows: productRows,
    },
    {
      name: "transactions.csv",
      header: [
        "transaction_id",
        "customer_id",
        "product_id",
        "date",
        "quantity",
        "unit_price",
        "amount",
      ],
      rows: transactionRows,
    },
    {
      name: "interactions.csv",
      header: [
        "interaction_id",
        "customer_id",
        "created_at",
        "channel",
        "issue_type",
        "status",
        "resolved_at",
        "satisfaction",
      ],
      rows: interactionRows,
    },
    {
      name: "sales_teams.csv",
      header: ["sales_agent", "manager", "regional_office"],
      rows: teamRows,
    },
    {
      name: "sales_pipeline.csv",
      header: [
        "opportunity_id",
        "sales_agent",
        "product",
        "account",
        "deal_stage",
        "engage_date",
        "close_date",
        "close_value",
      ],
      rows: dealRows,
    },
    {
      name: "accounts.csv",
      header: [
        "account",
        "sector",
        "year_established",
        "revenue",
        "employees",
        "office_location",
        "subsidiary_of",
      ],
      rows: accountRows,
    },
    { name: "targets.csv", header: ["sales_agent", "period", "target"], rows: targetRows },
    {
      name: "data_dictionary.csv",
      header: ["Table", "Field", "Description"],
      rows: dictionaryRows(),
    },
  ];
  const planted = o.defects
    ? plantDefects(random, files, { silentReps })
    : { files, defects: noDefects() };
  return {
    files: planted.files,
    truth: { effects: { ...effects, exceedingReps: exceeding }, defects: planted.defects },
  };
}

function plantedEffects(on: boolean): CrmEffects {
  const flat = (v: number) => Object.fromEntries(CHANNELS.map((c) => [c, v]));
  return {
    resolveProbability: on ? { Email: 0.66, Chat: 0.76, Phone: 0.88, Social: 0.55 } : flat(0.72),
    bestChannel: on ? "Phone" : null,
    channelWeights: on
      ? {
        "18-34": { Email: 0.15, Chat: 0.55, Phone: 0.12, Social: 0.18 },
        "35-54": { Email: 0.35, Chat: 0.25, Phone: 0.3, Social: 0.1 },
        "55+": { Email: 0.35, Chat: 0.08, Phone: 0.52, Social: 0.05 },
      }
      : Object.fromEntries(AGE_BANDS.map((b) => [b, flat(0.25)])),
    medianHours: on ? { Email: 20, Chat: 2, Phone: 4, Social: 30 } : flat(8),
    elasticity: on
      ? { Accessories: -2.2, Home: -1.4, Electronics: -0.8, Premium: -0.3 }
      : { Accessories: -1, Home: -1, Electronics: -1, Premium: -1 },
    winProbability: on
      ? { Central: 0.64, East: 0.42, West: 0.66 }
      : { Central: 0.6, East: 0.6, West: 0.6 },
    laggingRegion: on ? "East" : null,
    exceedingReps: [],
    attainment: on ? { exceeding: 1 / 0.7, others: 1 / 1.3 } : { exceeding: 1, others: 1 },
    premiumRegion: on ? "West" : null,
  };
}

function noDefects(): CrmDefects {
  return {
    duplicateCustomers: 0,
    duplicateInteractions: 0,
    duplicateDeals: 0,
    duplicateTransactionRows: 0,
    brokenInteractionCustomers: 0,
    brokenTransactionCustomers: 0,
    brokenTransactionProducts: 0,
    brokenDealReps: 0,
    nearDuplicateProduct: { wrong: "GTXPro", right: "GTX Pro", rows: 0 },
    inconsistentAmounts: 0,
    transactionDatesOutOfRange: 0,
    closeBeforeEngage: 0,
    resolutionBeforeCreation: 0,
    channelSpellingVariants: 0,
    missingChannel: 0,
    missingAccounts: 0,
    repsWithoutDeals: [],
  };
}

function dictionaryRows(): CrmCell[][] {
  return [
    ["accounts", "account", "Company name"],
    ["accounts", "subsidiary_of", "Parent company"],
    ["products", "series", "Product category"],
    ["sales_pipeline", "deal_stage", "Prospecting > Engaging > Won / Lost"],
    ["sales_pipeline", "close_value", "Revenue from the deal"],
    ["sales_teams", "regional_office", "Regional office"],
    ["interactions", "status", "Resolved and Closed count as resolved"],
    ["targets", "period", "Quarter, YYYY-Qn"],
  ];
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Days since the epoch of the first day of the month `months` months after `day`'s month. */
function addMonths(day: number, months: number): number {
  const text = formatDay(day);
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7)) - 1 + months;
  const y = year + Math.floor(month / 12);
  const mm = ((month % 12) + 12) % 12 + 1;
  return parseDay(`${y}-${String(mm).padStart(2, "0")}-01`)!;
}

function quarterOf(day: number): string {
  const text = formatDay(day);
  return `${text.slice(0, 4)}-Q${Math.floor((Number(text.slice(5, 7)) - 1) / 3) + 1}`;
}
