/**
 * The cleaning rules and the two presets, as data. Each rule is named, documented and
 * switchable; a preset is a set of switches ({@linkcode PRESET_SWITCHES}), and the rules it
 * applies follow from them in one fixed order ({@linkcode rulesFor}).
 *
 * @module
 */
import { OptionError } from "../errors.ts";

/** Identifier of a cleaning rule. */
export type RuleId =
  | "order_field_fill"
  | "other_currency"
  | "duplicate_line"
  | "missing_customer_id"
  | "cancellation"
  | "order_status"
  | "non_product_code"
  | "non_positive_quantity"
  | "non_positive_price"
  | "outlier_cap_quantity"
  | "outlier_cap_price";

/** Name of a cleaning preset. */
export type Preset = "classic" | "recommended";

/** The presets' names, for option validation. */
export const PRESETS: readonly Preset[] = ["classic", "recommended"];

/** What a rule does to a row: remove it, change (cap) a value, or fill in a missing one. */
export type RuleKind = "remove" | "cap" | "fill";

/** A rule's documentation. */
export interface RuleInfo {
  readonly id: RuleId;
  readonly kind: RuleKind;
  readonly description: string;
}

/** Every rule, with what it does in words (shown in the ledger and the report). */
export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  order_field_fill: {
    id: "order_field_fill",
    kind: "fill",
    description:
      "customer id, country, order status or currency missing on some lines of an invoice whose other lines agree on one: filled in from them (exports that write order fields on an order's first line only)",
  },
  other_currency: {
    id: "other_currency",
    kind: "remove",
    description:
      "line in another currency than the one analysed (--only-currency), or naming none: amounts in different currencies cannot be added up",
  },
  duplicate_line: {
    id: "duplicate_line",
    kind: "remove",
    description: "exact duplicate line (all source fields equal); the first occurrence is kept",
  },
  missing_customer_id: {
    id: "missing_customer_id",
    kind: "remove",
    description: "no customer id: the line cannot be attributed to a customer",
  },
  cancellation: {
    id: "cancellation",
    kind: "remove",
    description: "cancellation line (how cancellations are marked: --cancellations)",
  },
  order_status: {
    id: "order_status",
    kind: "remove",
    description:
      "line of an order whose status says it is not a sale (cancelled, refunded, voided, failed, declined)",
  },
  non_product_code: {
    id: "non_product_code",
    kind: "remove",
    description:
      "non-product stock code (postage, fees, bank charges, manual adjustments, samples)",
  },
  non_positive_quantity: {
    id: "non_positive_quantity",
    kind: "remove",
    description: "quantity is zero or negative",
  },
  non_positive_price: {
    id: "non_positive_price",
    kind: "remove",
    description: "unit price is zero or negative",
  },
  outlier_cap_quantity: {
    id: "outlier_cap_quantity",
    kind: "cap",
    description: "quantity capped at q99 + 1.5·(q99 − q01) (and floored at q01 − 1.5·(q99 − q01))",
  },
  outlier_cap_price: {
    id: "outlier_cap_price",
    kind: "cap",
    description: "price capped at q99 + 1.5·(q99 − q01) (and floored at q01 − 1.5·(q99 − q01))",
  },
};

/**
 * The switches of the cleaning rules a user can turn on or off (`--order-fields`,
 * `--order-status`, `--duplicates`, `--non-products`, `--outliers`, `--returns`). Cancellations are switched by their mode
 * ({@linkcode CancellationMode}, `--cancellations`). Lines without a customer, and lines whose
 * quantity or price is zero or negative, are always removed: the analyses cannot use them.
 */
export interface CleaningSwitches {
  /**
   * A customer id, country or order status missing on some lines of an invoice: `"fill"` from
   * the invoice's other lines when they agree on one value, or `"keep"` missing.
   */
  readonly orderFields: "fill" | "keep";
  /**
   * Lines of orders whose status says they are not sales (cancelled, refunded, voided, failed):
   * `"remove"` or `"keep"` (a mapped status column; none: nothing to do).
   */
  readonly orderStatus: "remove" | "keep";
  /** Exact duplicate lines: `"remove"` (the first is kept) or `"keep"`. */
  readonly duplicates: "remove" | "keep";
  /** Non-product stock codes (postage, fees, vouchers): `"remove"` or `"keep"`. */
  readonly nonProducts: "remove" | "keep";
  /** Outliers of quantity and price: `"cap"` (classic rule) or `"keep"`. */
  readonly outliers: "cap" | "keep";
  /** Cancellation lines: kept in a `returns` table matched to their purchases, or `"drop"`ped. */
  readonly returns: "table" | "drop";
  /**
   * The one currency analysed in a file whose currency column names several
   * (`--only-currency EUR`): the lines in any other, or naming none, are removed. No preset sets
   * it.
   */
  readonly onlyCurrency?: string;
}

/**
 * The presets as sets of switches.
 * - `classic` reproduces the widely copied tutorial recipe exactly, in its order: drop missing
 *   customer, drop cancellations, keep quantity > 0 and price > 0, cap outliers of quantity then
 *   price. No de-duplication and no stock-code exclusion, so published numbers can be matched.
 * - `recommended` (the default) is what a careful analyst does: also drop exact duplicate lines
 *   and non-product codes, and keep cancellations (matched to the purchases they reverse) in a
 *   `returns` table instead of discarding them.
 *
 * `recommended` also fills an invoice's customer id, country and status into its lines that lack
 * them when its other lines agree on one value (shop exports write them on an order's first line
 * only), and removes the lines of orders whose status says they are not sales (a mapped status
 * column: cancelled, refunded, voided, failed). `classic` does neither: the tutorial drops every
 * line without a customer id.
 */
export const PRESET_SWITCHES: Readonly<Record<Preset, CleaningSwitches>> = {
  classic: {
    orderFields: "keep",
    orderStatus: "keep",
    duplicates: "keep",
    nonProducts: "keep",
    outliers: "cap",
    returns: "drop",
  },
  recommended: {
    orderFields: "fill",
    orderStatus: "remove",
    duplicates: "remove",
    nonProducts: "remove",
    outliers: "cap",
    returns: "table",
  },
};

/**
 * Every rule in the one order rules apply in (a row is removed by the first it fails). Missing
 * order fields are filled in first: the rules after it see the lines as complete (a currency
 * written on an order's first line only included). Lines in another currency go next: nothing
 * about them can be compared with the analysed currency's lines. Cancellation
 * lines come before the order status, so that a reversal line of a cancelled order goes to the
 * returns table with the others; the status then takes the lines of orders that were never
 * sales.
 */
export const RULE_ORDER: readonly RuleId[] = [
  "order_field_fill",
  "other_currency",
  "duplicate_line",
  "missing_customer_id",
  "cancellation",
  "order_status",
  "non_product_code",
  "non_positive_quantity",
  "non_positive_price",
  "outlier_cap_quantity",
  "outlier_cap_price",
];

/**
 * The rules a set of switches applies, in {@linkcode RULE_ORDER}.
 *
 * @param switches The switches (a preset's, with the user's changes).
 * @param cancellations Whether the cancellation rule is on (its mode is not `off`). @default {true}
 * @returns The rule ids.
 *
 * @example
 * ```ts
 * import { PRESET_SWITCHES, rulesFor } from "./rules.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(rulesFor({ ...PRESET_SWITCHES.classic, outliers: "keep" }, false), [
 *   "missing_customer_id", "non_positive_quantity", "non_positive_price",
 * ]);
 * ```
 */
export function rulesFor(switches: CleaningSwitches, cancellations = true): RuleId[] {
  return RULE_ORDER.filter((rule) => {
    switch (rule) {
      case "order_field_fill":
        return switches.orderFields === "fill";
      case "order_status":
        return switches.orderStatus === "remove";
      case "other_currency":
        return switches.onlyCurrency !== undefined;
      case "duplicate_line":
        return switches.duplicates === "remove";
      case "non_product_code":
        return switches.nonProducts === "remove";
      case "outlier_cap_quantity":
      case "outlier_cap_price":
        return switches.outliers === "cap";
      case "cancellation":
        return cancellations;
      default:
        return true;
    }
  });
}

/** The presets' rule lists: {@linkcode rulesFor} of {@linkcode PRESET_SWITCHES}. */
export const PRESET_RULES: Readonly<Record<Preset, readonly RuleId[]>> = {
  classic: rulesFor(PRESET_SWITCHES.classic),
  recommended: rulesFor(PRESET_SWITCHES.recommended),
};

/**
 * How cancellation lines are recognised (`--cancellations`):
 * - `auto` (the default): the `C` prefix where the data follows that convention (the UCI
 *   schemas, or invoices starting with `C` that carry negative quantities), a returns flag
 *   column when one is mapped, else none;
 * - `prefix`: invoices starting with `prefix` (either case), `prefix:C` on the command line;
 * - `column`: the returns flag column (`column:NAME` maps it);
 * - `negative-quantity`: lines with a negative quantity;
 * - `off`: no cancellation rule (negative quantities still fall to `non_positive_quantity`).
 */
export type CancellationMode =
  | { readonly kind: "auto" }
  | { readonly kind: "prefix"; readonly prefix: string }
  | { readonly kind: "column"; readonly column?: string }
  | { readonly kind: "negative-quantity" }
  | { readonly kind: "off" };

/**
 * Reads the `--cancellations` option: `auto`, `prefix:C`, `column:NAME`, `negative-quantity` or
 * `off`.
 *
 * @example
 * ```ts
 * import { parseCancellations } from "./rules.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(parseCancellations("prefix:C"), { kind: "prefix", prefix: "C" });
 * deepStrictEqual(parseCancellations("column:Returned"), { kind: "column", column: "Returned" });
 * throws(() => parseCancellations("C"), /--cancellations must be one of/);
 * ```
 */
export function parseCancellations(text: string): CancellationMode {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === "auto") return { kind: "auto" };
  if (lower === "off" || lower === "none") return { kind: "off" };
  if (lower === "negative-quantity" || lower === "negative") return { kind: "negative-quantity" };
  const m = /^(prefix|column):(.+)$/i.exec(t);
  if (m !== null && m[2]!.trim() !== "") {
    return m[1]!.toLowerCase() === "prefix"
      ? { kind: "prefix", prefix: m[2]!.trim() }
      : { kind: "column", column: m[2]!.trim() };
  }
  throw new OptionError(
    "cancellations",
    `Cannot read options: --cancellations must be one of "auto", "prefix:TEXT", "column:NAME", "negative-quantity", "off": current value is "${text}"`,
    "for example --cancellations off, or --cancellations prefix:C",
  );
}

/**
 * Writes a cancellation mode as the `--cancellations` value that gives it.
 *
 * @example
 * ```ts
 * import { formatCancellations } from "./rules.ts";
 * import { equal } from "node:assert/strict";
 * equal(formatCancellations({ kind: "prefix", prefix: "C" }), "prefix:C");
 * ```
 */
export function formatCancellations(mode: CancellationMode): string {
  return mode.kind === "prefix"
    ? `prefix:${mode.prefix}`
    : mode.kind === "column"
    ? `column:${mode.column ?? "(the mapped returns column)"}`
    : mode.kind;
}

/**
 * Stock codes that are not products, matched case-insensitively (UCI Online Retail):
 * postage (`POST`, `DOT`), carriage (`C2`), manual adjustments (`M`), discounts (`D`),
 * samples (`S`), bank charges, Amazon fees, CRUK commission, bad-debt adjustments (`B`),
 * cushion pads sold as an adjustment (`PADS`), and test codes. Gift vouchers (`gift_0001_*`)
 * are money, not merchandise, and are excluded too. Override with `nonProductCodes`.
 */
export const DEFAULT_NON_PRODUCT_CODES: readonly string[] = [
  "POST",
  "DOT",
  "C2",
  "M",
  "D",
  "S",
  "BANK CHARGES",
  "AMAZONFEE",
  "CRUK",
  "B",
  "PADS",
  "ADJUST",
  "ADJUST2",
  "TEST001",
  "TEST002",
];

/** Stock-code prefixes that are not products (case-insensitive). */
export const DEFAULT_NON_PRODUCT_PREFIXES: readonly string[] = ["gift_"];
