/**
 * A small seeded generator of order lines for the "own data" corpus, and the independent
 * computation of what the main job must find in them (customers, orders, revenue per customer),
 * in plain TypeScript with integer cents. No foreign data: every file of the corpus is written
 * from these lines by the writers in `_fixtures.ts`.
 *
 * @module
 */

/** One generated order line. Money in integer cents, so sums are exact. */
export interface Line {
  readonly order: string;
  readonly customer: string;
  readonly product: string;
  readonly description: string;
  readonly category: string;
  readonly subcategory: string;
  readonly quantity: number;
  /** Unit price in cents. */
  readonly unitCents: number;
  /** quantity × unit price, in cents. */
  readonly amountCents: number;
  /** Naive wall time, as a UTC date. */
  readonly date: Date;
  readonly country: string;
}

/**
 * A seeded generator of numbers in [0, 1) (mulberry32): the corpus is written by its own
 * generator, independent of the library it checks (whose one generator is lib/stats).
 */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATALOGUE: readonly { category: string; subcategory: string; name: string }[] = [
  { category: "Furniture", subcategory: "Chairs", name: "Task chair, mesh back" },
  { category: "Furniture", subcategory: "Tables", name: "Round table 90cm" },
  { category: "Furniture", subcategory: "Bookcases", name: "Bookcase, 5 shelves" },
  { category: "Office Supplies", subcategory: "Paper", name: "Copy paper A4, 500 sheets" },
  { category: "Office Supplies", subcategory: "Binders", name: 'Ring binder 2" "heavy duty"' },
  { category: "Office Supplies", subcategory: "Art", name: "Pencils; HB, pack of 12" },
  { category: "Office Supplies", subcategory: "Storage", name: "Archive box" },
  { category: "Technology", subcategory: "Phones", name: "Desk phone" },
  { category: "Technology", subcategory: "Accessories", name: "Wireless mouse" },
  { category: "Technology", subcategory: "Machines", name: "Label printer" },
];

/** Options of {@linkcode generateLines}. */
export interface GenerateOptions {
  readonly seed: number;
  readonly customers: number;
  /** Orders per customer: 1 to this many. */
  readonly maxOrders: number;
  /** Lines per order: 1 to this many. */
  readonly maxLines: number;
  /** First day (UTC midnight). */
  readonly start: Date;
  /** Days the orders spread over. */
  readonly days: number;
  /** Orders get a time of day (hours 8 to 19, whole minutes); else midnight. */
  readonly withTime: boolean;
  /** How order ids look. */
  readonly ids: "superstore" | "uci";
}

/**
 * Generates order lines: each customer places 1..maxOrders orders on distinct days, each with
 * 1..maxLines lines of distinct products, positive quantities (1..6) and prices (2.00..99.99),
 * so that cleaning keeps every line and caps nothing. Lines come out in date order (ties by
 * order id), as exports write them.
 */
export function generateLines(options: GenerateOptions): Line[] {
  const r = random(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const lines: Line[] = [];
  let serial = 0;
  for (let c = 0; c < options.customers; c++) {
    const customer = options.ids === "uci"
      ? String(12346 + c * 7)
      : `${["AB", "CD", "EF", "GH"][c % 4]}-${String(10000 + c * 13)}`;
    const country = ["United Kingdom", "France", "Germany", "United States"][c % 4]!;
    const orders = int(1, options.maxOrders);
    const days = new Set<number>();
    while (days.size < orders) days.add(int(0, options.days - 1));
    for (const day of [...days].sort((a, b) => a - b)) {
      serial++;
      const date = new Date(
        options.start.getTime() + day * 86_400_000 +
          (options.withTime ? (int(8, 19) * 60 + int(0, 59)) * 60_000 : 0),
      );
      const year = date.getUTCFullYear();
      const order = options.ids === "uci"
        ? String(536000 + serial)
        : `${r() < 0.8 ? "CA" : "US"}-${year}-${String(100000 + serial * 37).slice(-6)}`;
      const products = new Set<number>();
      const n = int(1, Math.min(options.maxLines, CATALOGUE.length));
      while (products.size < n) products.add(int(0, CATALOGUE.length - 1));
      for (const p of products) {
        const item = CATALOGUE[p]!;
        const quantity = int(1, 6);
        const unitCents = int(200, 9999);
        lines.push({
          order,
          customer,
          product: `${item.category.slice(0, 3).toUpperCase()}-${
            item.subcategory.slice(0, 2).toUpperCase()
          }-${1000 + p}`,
          description: item.name,
          category: item.category,
          subcategory: item.subcategory,
          quantity,
          unitCents,
          amountCents: quantity * unitCents,
          date,
          country,
        });
      }
    }
  }
  return lines.sort((a, b) =>
    a.date.getTime() - b.date.getTime() || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)
  );
}

/** What the main job must report for a set of purchase lines. */
export interface Expected {
  readonly lines: number;
  readonly customers: number;
  readonly orders: number;
  readonly revenueCents: number;
  readonly units: number;
  readonly firstDate: string;
  readonly lastDate: string;
  /** Per customer: distinct orders and revenue in cents. */
  readonly perCustomer: ReadonlyMap<string, { orders: number; revenueCents: number }>;
}

/**
 * Customers, orders, revenue and units of `lines`, computed directly. `orderKey` says what an
 * order is (its id by default; a customer and a timestamp for files without an order column).
 */
export function expected(
  lines: readonly Line[],
  orderKey: (l: Line) => string = (l) => l.order,
): Expected {
  const per = new Map<string, { orders: Set<string>; revenueCents: number }>();
  const orders = new Set<string>();
  let revenueCents = 0, units = 0;
  for (const l of lines) {
    const key = orderKey(l);
    orders.add(key);
    revenueCents += l.amountCents;
    units += l.quantity;
    const c = per.get(l.customer) ?? { orders: new Set<string>(), revenueCents: 0 };
    c.orders.add(key);
    c.revenueCents += l.amountCents;
    per.set(l.customer, c);
  }
  const days = lines.map((l) => l.date.toISOString().slice(0, 10)).sort();
  return {
    lines: lines.length,
    customers: per.size,
    orders: orders.size,
    revenueCents,
    units,
    firstDate: days[0]!,
    lastDate: days[days.length - 1]!,
    perCustomer: new Map(
      [...per].map(([id, c]) => [id, { orders: c.orders.size, revenueCents: c.revenueCents }]),
    ),
  };
}

/** Cents as a decimal string with a point (`1234` → `"12.34"`). */
export function money(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
