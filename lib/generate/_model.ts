import type { Calendar } from "./_calendar.ts";
import type { Product } from "./catalogue.ts";

/** One simulated customer (BG/NBD latent traits plus shopping habits). */
export interface CustomerProfile {
  readonly id: string;
  readonly country: string;
  /** Purchase rate per business day, λ ~ Gamma(r, 1/alpha). */
  readonly lambda: number;
  /** Dropout probability after each purchase, p ~ Beta(a, b). */
  readonly p: number;
  /** Mean number of product lines per invoice. */
  readonly basketMean: number;
  /** Quantity tier centre (index into the pack sizes). */
  readonly tier: number;
  /** Chance that a line comes from the favourite category. */
  readonly lean: number;
  readonly favourite: number;
  /** Chance that a purchase is later (partly) cancelled. */
  readonly returnRate: number;
  /** Price multiplier (1 for account customers, higher for anonymous web shoppers). */
  readonly priceFactor: number;
}

/** Invoice kinds, in the order the plan creates them. */
export const PURCHASE = 0;
export const CANCEL = 1;
export const GUEST = 2;
export const FIXED = 3;

/** A fixed line planned in full up front (special codes, adjustments, outliers). */
export interface FixedLine {
  readonly stockCode: string;
  readonly description: string;
  readonly quantity: number;
  readonly pricePence: number;
}

/** One planned invoice; its lines are generated on output from `seed`. */
export interface InvoiceHeader {
  /** Minute of the period (from the start day's midnight). */
  readonly minute: number;
  readonly kind: number;
  /** Customer index, or -1 for no customer id. */
  readonly customer: number;
  /** Number of planned product lines. */
  readonly lines: number;
  readonly seed: number;
  /** The purchase a matched cancellation reverses. */
  readonly original?: InvoiceHeader;
  /** Invoice number prefix: "", "C" or "A". */
  readonly prefix: string;
  /** Lines of a FIXED invoice. */
  readonly fixed?: readonly FixedLine[];
  /** Country of a customer-less invoice. */
  readonly country?: string;
  /** Guest shopper habits. */
  readonly guest?: CustomerProfile;
}

/** Everything the line generator reads. */
export interface Context {
  readonly calendar: Calendar;
  readonly products: readonly Product[];
  /** Cumulative popularity over all products. */
  readonly popularity: Float64Array;
  /** Per category: product indices and their cumulative popularity. */
  readonly byCategory: readonly {
    readonly indices: Int32Array;
    readonly cumulative: Float64Array;
  }[];
  readonly christmas: number;
  readonly customers: readonly CustomerProfile[];
}

/** Pack sizes a line quantity is drawn from. */
export const PACK_SIZES: readonly number[] = [
  1,
  2,
  3,
  4,
  6,
  8,
  10,
  12,
  16,
  20,
  24,
  32,
  36,
  48,
  72,
  96,
  100,
  144,
  200,
  288,
  480,
  600,
  960,
  1440,
];
