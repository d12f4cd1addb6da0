/**
 * The cleaning rules and the two presets, as data. Each rule is named, documented and
 * configurable; a preset is an ordered list of rule ids.
 *
 * @module
 */

/** Identifier of a cleaning rule. */
export type RuleId =
  | "duplicate_line"
  | "missing_customer_id"
  | "cancellation"
  | "non_product_code"
  | "non_positive_quantity"
  | "non_positive_price"
  | "outlier_cap_quantity"
  | "outlier_cap_price";

/** Name of a cleaning preset. */
export type Preset = "classic" | "recommended";

/** The presets' names, for option validation. */
export const PRESETS: readonly Preset[] = ["classic", "recommended"];

/** What a rule does to a row: remove it, or change (cap) a value. */
export type RuleKind = "remove" | "cap";

/** A rule's documentation. */
export interface RuleInfo {
  readonly id: RuleId;
  readonly kind: RuleKind;
  readonly description: string;
}

/** Every rule, with what it does in words (shown in the ledger and the report). */
export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
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
    description: "cancellation invoice (starts with 'C')",
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
 * The presets.
 * - `classic` reproduces the widely copied tutorial recipe exactly, in its order: drop missing
 *   customer, drop `C` invoices, keep quantity > 0 and price > 0, cap outliers of quantity then
 *   price. No de-duplication and no stock-code exclusion, so published numbers can be matched.
 * - `recommended` (the default) is what a careful analyst does: also drop exact duplicate lines
 *   and non-product codes, and keep cancellations (matched to the purchases they reverse) in a
 *   `returns` table instead of discarding them.
 */
export const PRESET_RULES: Readonly<Record<Preset, readonly RuleId[]>> = {
  classic: [
    "missing_customer_id",
    "cancellation",
    "non_positive_quantity",
    "non_positive_price",
    "outlier_cap_quantity",
    "outlier_cap_price",
  ],
  recommended: [
    "duplicate_line",
    "missing_customer_id",
    "cancellation",
    "non_product_code",
    "non_positive_quantity",
    "non_positive_price",
    "outlier_cap_quantity",
    "outlier_cap_price",
  ],
};

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
