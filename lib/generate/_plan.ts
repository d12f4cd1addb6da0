import { type Calendar, minuteAt } from "./_calendar.ts";
import {
  CANCEL,
  type CustomerProfile,
  FIXED,
  type FixedLine,
  GUEST,
  type InvoiceHeader,
  PURCHASE,
} from "./_model.ts";
import { CATEGORIES, type Product } from "./catalogue.ts";
import { COUNTRY_WEIGHTS, HOME_COUNTRY } from "./countries.ts";
import { createRandom, type Random } from "../stats/mod.ts";
import {
  cumulativeSum,
  sampleBeta,
  sampleExponential,
  sampleGamma,
  sampleIndex,
  samplePoisson,
} from "../stats/mod.ts";

/** BG/NBD parameters on the business clock (one unit = one average trading day). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Inputs of {@linkcode planInvoices}. */
export interface PlanInput {
  readonly seed: number;
  readonly customers: number;
  readonly calendar: Calendar;
  readonly products: readonly Product[];
  readonly bgNbd: BgNbdParams;
  readonly guestShare: number;
}

/** The planned invoices (sorted by time) and the customers behind them. */
export interface Plan {
  readonly headers: readonly InvoiceHeader[];
  readonly customers: readonly CustomerProfile[];
  /** Planned lines (before postage, duplicates and other extras). */
  readonly plannedLines: number;
}

const COUNTRY_CUMULATIVE = cumulativeSum(COUNTRY_WEIGHTS.map(([, w]) => w));
const CATEGORY_CUMULATIVE = cumulativeSum(CATEGORIES.map((c) => c.weight));
const ADJUSTMENT_NOTES = ["damaged", "check", "?", "wet damaged", "missing", "found", "adjustment"];

/**
 * Plans every invoice of the period. Customers arrive (30% in the first weeks, the rest
 * spread over the period), then buy as in the BG/NBD model (Fader, Hardie & Lee 2005): the
 * gap to the next purchase is exponential with rate λ ~ Gamma(r, alpha), and after each
 * purchase the customer drops out with probability p ~ Beta(a, b). Purchases may be
 * followed by cancellations; anonymous web orders, stock adjustments, fees and outliers
 * are added on top.
 */
export function planInvoices(input: PlanInput): Plan {
  const { calendar, bgNbd, products } = input;
  const random = createRandom(input.seed);
  const headers: InvoiceHeader[] = [];
  const purchases: InvoiceHeader[] = [];
  const customers = makeCustomers(random, input.customers, bgNbd);
  let plannedLines = 0;
  let cancellations = 0;

  customers.forEach((customer, index) => {
    let u = random.next() < 0.18
      ? random.next() * Math.min(20, calendar.total)
      : random.next() * calendar.total;
    for (;;) {
      const minute = minuteAt(calendar, u, random);
      const lines = Math.max(
        1,
        samplePoisson(random, customer.basketMean * sampleGamma(random, 4, 0.25)),
      );
      const purchase: InvoiceHeader = {
        minute,
        kind: PURCHASE,
        customer: index,
        lines,
        seed: random.uint32(),
        prefix: "",
      };
      headers.push(purchase);
      purchases.push(purchase);
      plannedLines += lines;
      if (random.next() < customer.returnRate) {
        const later = u + sampleExponential(random, 6);
        if (later < calendar.total) {
          const cancelLines = Math.min(lines, 1 + samplePoisson(random, 1.2));
          const cancelMinute = after(minute, minuteAt(calendar, later, random), random);
          headers.push({
            minute: cancelMinute,
            kind: CANCEL,
            customer: index,
            lines: cancelLines,
            seed: random.uint32(),
            original: purchase,
            prefix: "C",
          });
          plannedLines += cancelLines;
          cancellations++;
        }
      }
      if (random.next() < customer.p) break;
      u += sampleExponential(random, 1 / customer.lambda);
      if (u >= calendar.total) break;
    }
  });

  // A few returns of purchases made before the period: no matching purchase in the data.
  const unmatched = Math.max(1, Math.round(cancellations * 0.05));
  for (let i = 0; i < unmatched; i++) {
    const customer = Math.floor(random.next() * customers.length);
    const minute = minuteAt(calendar, random.next() * calendar.total, random);
    headers.push({
      minute,
      kind: CANCEL,
      customer,
      lines: 1 + samplePoisson(random, 0.5),
      seed: random.uint32(),
      prefix: "C",
    });
  }

  // Anonymous web orders, until they hold `guestShare` of all lines.
  const guestTarget = (plannedLines * input.guestShare) / (1 - input.guestShare);
  let guestLines = 0;
  while (guestLines < guestTarget) {
    const minute = minuteAt(calendar, random.next() * calendar.total, random);
    const lines = Math.max(1, samplePoisson(random, sampleGamma(random, 1.2, 10)));
    const country = random.next() < 0.95 ? HOME_COUNTRY : sampleCountry(random);
    const guest: InvoiceHeader = {
      minute,
      kind: GUEST,
      customer: -1,
      lines,
      seed: random.uint32(),
      prefix: "",
      country,
    };
    headers.push(guest);
    guestLines += lines + 1;
    if (random.next() < 0.03) {
      headers.push({
        minute: after(minute, minute, random),
        kind: CANCEL,
        customer: -1,
        lines: 1,
        seed: random.uint32(),
        original: guest,
        prefix: "C",
      });
    }
  }
  plannedLines += guestLines;

  const fixed = specialInvoices(random, {
    calendar,
    products,
    purchases,
    customers: customers.length,
    lines: plannedLines,
  });
  headers.push(...fixed);
  plannedLines += fixed.length;
  return { headers: sortByTime(headers), customers, plannedLines };
}

function makeCustomers(random: Random, count: number, bgNbd: BgNbdParams): CustomerProfile[] {
  const ids = new Int32Array(count);
  for (let i = 0; i < count; i++) ids[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = ids[i]!;
    ids[i] = ids[j]!;
    ids[j] = t;
  }
  const out: CustomerProfile[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      id: String(12346 + ids[i]!),
      country: sampleCountry(random),
      lambda: sampleGamma(random, bgNbd.r, 1 / bgNbd.alpha),
      p: sampleBeta(random, bgNbd.a, bgNbd.b),
      basketMean: 1 + sampleGamma(random, 1.3, 3),
      tier: sampleGamma(random, 1.8, 1.6),
      lean: random.next() < 0.35 ? 0 : sampleBeta(random, 2, 2.5),
      favourite: sampleIndex(random, CATEGORY_CUMULATIVE),
      returnRate: random.next() < 0.4 ? 0 : sampleBeta(random, 1.2, 5),
      priceFactor: 1,
    });
  }
  return out;
}

function sampleCountry(random: Random): string {
  return COUNTRY_WEIGHTS[sampleIndex(random, COUNTRY_CUMULATIVE)]![0];
}

/** A minute shortly after `minute` (same trading day), or `candidate` if that is later. */
function after(minute: number, candidate: number, random: Random): number {
  if (candidate > minute) return candidate;
  const soon = minute + 2 + Math.floor(random.next() * 90);
  return soon % 1440 < 21 * 60 && Math.floor(soon / 1440) === Math.floor(minute / 1440)
    ? soon
    : minute + 1;
}

interface SpecialInput {
  readonly calendar: Calendar;
  readonly products: readonly Product[];
  readonly purchases: readonly InvoiceHeader[];
  readonly customers: number;
  readonly lines: number;
}

/** Fees, discounts, bad-debt adjustments, stock adjustments and price/quantity outliers. */
function specialInvoices(random: Random, input: SpecialInput): InvoiceHeader[] {
  const { calendar, products, purchases } = input;
  const out: InvoiceHeader[] = [];
  const k = Math.max(1, Math.round(input.customers / 1250));
  const anyMinute = (): number => minuteAt(calendar, random.next() * calendar.total, random);
  const push = (
    minute: number,
    customer: number,
    prefix: string,
    fixed: FixedLine[],
  ): InvoiceHeader => {
    const header: InvoiceHeader = {
      minute,
      kind: FIXED,
      customer,
      lines: fixed.length,
      seed: 0,
      prefix,
      fixed,
      country: HOME_COUNTRY,
    };
    out.push(header);
    return header;
  };
  const nearPurchase = (): InvoiceHeader =>
    purchases[Math.floor(random.next() * purchases.length)]!;
  if (purchases.length > 0) {
    for (let i = 0; i < k; i++) {
      const h = nearPurchase();
      const sign = random.next() < 0.5 ? 1 : -1;
      push(after(h.minute, h.minute, random), h.customer, sign < 0 ? "C" : "", [{
        stockCode: "BANK CHARGES",
        description: "Bank Charges",
        quantity: sign,
        pricePence: 1500,
      }]);
    }
    for (let i = 0; i < 2 * k; i++) {
      const h = nearPurchase();
      const pricePence = Math.round(500 + sampleExponential(random, 4000));
      push(after(h.minute, h.minute, random), h.customer, "C", [{
        stockCode: "D",
        description: "Discount",
        quantity: -1,
        pricePence,
      }]);
    }
    for (let i = 0; i < k; i++) {
      const h = nearPurchase();
      const line: FixedLine = {
        stockCode: "M",
        description: "Manual",
        quantity: 1,
        pricePence: 100000 + Math.floor(random.next() * 300000),
      };
      const bought = push(after(h.minute, h.minute, random), h.customer, "", [line]);
      if (random.next() < 0.5) {
        push(after(bought.minute, bought.minute, random), h.customer, "C", [{
          ...line,
          quantity: -1,
        }]);
      }
    }
    for (let i = 0; i < k; i++) {
      // A keying error: a huge quantity of a cheap item, cancelled minutes later.
      const h = nearPurchase();
      let product = products[Math.floor(random.next() * products.length)]!;
      while (product.pricePence > 250) {
        product = products[Math.floor(random.next() * products.length)]!;
      }
      const line: FixedLine = {
        stockCode: product.stockCode,
        description: product.description,
        quantity: 12000 + Math.floor(random.next() * 70000),
        pricePence: product.pricePence,
      };
      const bought = push(after(h.minute, h.minute, random), h.customer, "", [line]);
      push(after(bought.minute, bought.minute, random), h.customer, "C", [{
        ...line,
        quantity: -line.quantity,
      }]);
    }
  }
  for (let i = 0; i < k; i++) {
    const pricePence = 500000 + Math.floor(random.next() * 1200000);
    push(anyMinute(), -1, "C", [{
      stockCode: "AMAZONFEE",
      description: "AMAZON FEE",
      quantity: -1,
      pricePence,
    }]);
  }
  for (let i = 0; i < 2; i++) {
    const pricePence = -(100000 + Math.floor(random.next() * 1100000));
    push(anyMinute(), -1, "A", [{
      stockCode: "B",
      description: "Adjust bad debt",
      quantity: 1,
      pricePence,
    }]);
  }
  // Stock adjustments: zero price, no customer, often no description.
  const adjustments = Math.round(input.lines * 0.0045);
  for (let i = 0; i < adjustments; i++) {
    const product = products[sampleIndexUniform(random, products.length)]!;
    const size = 1 + Math.floor(sampleGamma(random, 0.8, 30));
    const description = random.next() < 0.6
      ? ""
      : ADJUSTMENT_NOTES[Math.floor(random.next() * ADJUSTMENT_NOTES.length)]!;
    push(anyMinute(), -1, "", [{
      stockCode: product.stockCode,
      description,
      quantity: random.next() < 0.5 ? -size : size,
      pricePence: 0,
    }]);
  }
  return out;
}

function sampleIndexUniform(random: Random, n: number): number {
  return Math.floor(random.next() * n);
}

/** Sorts by minute, ties in plan order; keys pack `minute * 2^24 + index` into a double. */
function sortByTime(headers: readonly InvoiceHeader[]): InvoiceHeader[] {
  const keys = new Float64Array(headers.length);
  for (let i = 0; i < headers.length; i++) keys[i] = headers[i]!.minute * 16777216 + i;
  keys.sort();
  const out: InvoiceHeader[] = new Array(headers.length);
  for (let i = 0; i < keys.length; i++) out[i] = headers[keys[i]! % 16777216]!;
  return out;
}
