import { buildCalendar, formatPeriodMinute } from "./_calendar.ts";
import { productLines } from "./_lines.ts";
import {
  CANCEL,
  type Context,
  type CustomerProfile,
  FIXED,
  GUEST,
  type InvoiceHeader,
} from "./_model.ts";
import { type BgNbdParams, planInvoices } from "./_plan.ts";
import { buildCatalogue, CATEGORIES } from "./catalogue.ts";
import { CARRIAGE_COUNTRIES, HOME_COUNTRY } from "./countries.ts";
import type { RetailRow } from "./csv.ts";
import { resolveGenerateOptions } from "./options.ts";
import type { GenerateOptions } from "./options.ts";
import { createRandom, type Random } from "../stats/mod.ts";
import { cumulativeSum, sampleExponential, sampleGamma } from "../stats/mod.ts";

const FIRST_INVOICE = 536365;
const POSTAGE_PENCE = [1800, 1800, 1800, 2800, 4000, 1500];

/**
 * Generates an Online Retail II–shaped transaction log, invoice by invoice in time order.
 * Pure and deterministic: the same options give the same rows, with no clock and no
 * `Math.random`.
 *
 * What the log contains (see `data/README.md` for the calibration):
 * - customers arriving over the period and buying as in BG/NBD, with heterogeneous basket
 *   sizes, pack sizes and category preferences, each with one country (mostly the UK);
 * - a November peak, no Saturdays, trading hours 7–20h, closed 24 December – 3 January;
 * - cancellations `C…` that mostly reverse part of an earlier purchase of the same customer;
 * - anonymous web orders without a customer id (about 20% of lines) with `DOT` postage;
 * - duplicates (~1%), non-product codes (POST, DOT, M, BANK CHARGES, AMAZONFEE, C2, D),
 *   zero-price stock adjustments, bad-debt rows `A…` and quantity/price outliers.
 *
 * @param options Seed, size and period; see {@linkcode GenerateOptions}.
 * @returns A generator of rows.
 * @throws {OptionError} If an option is invalid.
 *
 * @example Same seed, same rows
 * ```ts
 * import { generateTransactions } from "./generate_transactions.ts";
 * import { deepStrictEqual, ok } from "node:assert/strict";
 *
 * const a = [...generateTransactions({ seed: 7, customers: 30 })];
 * const b = [...generateTransactions({ seed: 7, customers: 30 })];
 * deepStrictEqual(a, b);
 * ok(a.some((row) => row.invoice.startsWith("C") && row.quantity < 0));
 * ```
 */
export function* generateTransactions(options: GenerateOptions = {}): Generator<RetailRow> {
  const resolved = resolveGenerateOptions(options);
  const calendar = buildCalendar(resolved.startDay, resolved.endDay);
  const products = buildCatalogue(resolved.seed, { products: resolved.products });
  const bgNbd: BgNbdParams = resolved.bgNbd;
  const plan = planInvoices({
    seed: resolved.seed,
    customers: resolved.customers,
    calendar,
    products,
    bgNbd,
    guestShare: resolved.guestShare,
  });
  const christmas = CATEGORIES.findIndex((c) => c.name === "christmas");
  const ctx: Context = {
    calendar,
    products,
    popularity: cumulativeSum(products.map((p) => p.popularity)),
    byCategory: CATEGORIES.map((_, c) => {
      const indices = products.flatMap((p, i) => (p.category === c ? [i] : []));
      return {
        indices: Int32Array.from(indices),
        cumulative: cumulativeSum(indices.map((i) => products[i]!.popularity)),
      };
    }),
    christmas,
    customers: plan.customers,
  };
  let number = FIRST_INVOICE;
  for (const header of plan.headers) {
    const invoice = header.prefix + number++;
    const date = formatPeriodMinute(calendar, header.minute);
    for (const row of invoiceRows(header, invoice, date, ctx)) yield row;
  }
}

/** Planned number of rows for the given options (within about 2% of the real count). */
export function plannedRowCount(options: GenerateOptions = {}): number {
  const resolved = resolveGenerateOptions(options);
  const calendar = buildCalendar(resolved.startDay, resolved.endDay);
  const products = buildCatalogue(resolved.seed, { products: resolved.products });
  const plan = planInvoices({ ...resolved, calendar, products });
  return plan.plannedLines;
}

function invoiceRows(
  header: InvoiceHeader,
  invoice: string,
  invoiceDate: string,
  ctx: Context,
): RetailRow[] {
  if (header.kind === FIXED) {
    const customer = header.customer >= 0 ? ctx.customers[header.customer]! : undefined;
    return header.fixed!.map((line) => ({
      invoice,
      stockCode: line.stockCode,
      description: line.description,
      quantity: line.quantity,
      invoiceDate,
      price: line.pricePence / 100,
      customerId: customer?.id ?? null,
      country: customer?.country ?? header.country ?? HOME_COUNTRY,
    }));
  }
  if (header.kind === CANCEL) return cancellationRows(header, invoice, invoiceDate, ctx);
  const random = createRandom(header.seed);
  const guest = header.kind === GUEST;
  const customer = guest ? guestProfile(random) : ctx.customers[header.customer]!;
  const customerId = guest ? null : customer.id;
  const country = guest ? header.country! : customer.country;
  const month = monthOf(ctx, header.minute);
  const lines = productLines(random, customer, ctx, header.lines, month);
  const rows: RetailRow[] = [];
  const add = (
    stockCode: string,
    description: string,
    quantity: number,
    pricePence: number,
  ): void => {
    const row: RetailRow = {
      invoice,
      stockCode,
      description,
      quantity,
      invoiceDate,
      price: pricePence / 100,
      customerId,
      country,
    };
    rows.push(row);
    if (random.next() < 0.01) rows.push(row);
  };
  if (!guest && country !== HOME_COUNTRY && random.next() < 0.6) {
    add(
      "POST",
      "POSTAGE",
      random.next() < 0.2 ? 2 : 1,
      POSTAGE_PENCE[Math.floor(random.next() * POSTAGE_PENCE.length)]!,
    );
  }
  let value = 0;
  for (const line of lines) {
    const product = ctx.products[line.product]!;
    add(product.stockCode, product.description, line.quantity, line.pricePence);
    value += line.quantity * line.pricePence;
  }
  if (!guest && CARRIAGE_COUNTRIES.has(country) && random.next() < 0.3) {
    add("C2", "CARRIAGE", 1, 5000);
  }
  if (random.next() < 0.004) add("M", "Manual", 1, Math.round(50 + sampleExponential(random, 800)));
  if (random.next() < 0.003) {
    const product = ctx.products[Math.floor(random.next() * ctx.products.length)]!;
    add(product.stockCode, product.description, 1 + Math.floor(random.next() * 12), 0);
  }
  if (guest) add("DOT", "DOTCOM POSTAGE", 1, Math.round(100 + value * 0.05));
  return rows;
}

function cancellationRows(
  header: InvoiceHeader,
  invoice: string,
  invoiceDate: string,
  ctx: Context,
): RetailRow[] {
  const original = header.original;
  const random = createRandom(header.seed);
  let customer: CustomerProfile;
  let country: string;
  let lines;
  if (original !== undefined) {
    const originalRandom = createRandom(original.seed);
    customer = original.kind === GUEST
      ? guestProfile(originalRandom)
      : ctx.customers[original.customer]!;
    country = original.kind === GUEST ? original.country! : customer.country;
    lines = productLines(
      originalRandom,
      customer,
      ctx,
      original.lines,
      monthOf(ctx, original.minute),
    );
  } else {
    customer = ctx.customers[header.customer]!;
    country = customer.country;
    lines = productLines(random, customer, ctx, header.lines, monthOf(ctx, header.minute));
  }
  const customerId = header.customer >= 0 ? customer.id : null;
  const picked = pickSome(random, lines.length, Math.min(header.lines, lines.length));
  return picked.map((i) => {
    const line = lines[i]!;
    const product = ctx.products[line.product]!;
    const quantity = random.next() < 0.6
      ? line.quantity
      : Math.max(1, Math.ceil(line.quantity * random.next()));
    return {
      invoice,
      stockCode: product.stockCode,
      description: product.description,
      quantity: -quantity,
      invoiceDate,
      price: line.pricePence / 100,
      customerId,
      country,
    };
  });
}

/** Habits of an anonymous web shopper: small quantities at retail (higher) prices. */
function guestProfile(random: Random): CustomerProfile {
  return {
    id: "",
    country: HOME_COUNTRY,
    lambda: 0,
    p: 1,
    basketMean: 0,
    tier: sampleGamma(random, 1.2, 1),
    lean: 0,
    favourite: 0,
    returnRate: 0,
    priceFactor: 1.6,
  };
}

function monthOf(ctx: Context, minute: number): number {
  return ctx.calendar.month[Math.floor(minute / 1440)]!;
}

/** `count` distinct indices of `0..n-1`, in sorted order (partial Fisher–Yates). */
function pickSome(random: Random, n: number, count: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.next() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}
