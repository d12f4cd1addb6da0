/**
 * Which lines are cancellations: the `--cancellations` mode resolved against the data into
 * the SQL condition of the `cancellation` rule, with its description and the reason for it.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { OptionError } from "../errors.ts";
import type { CancellationMode } from "./rules.ts";
import { prefixCondition } from "./_steps.ts";

/** A cancellation mode resolved against the data. */
export interface ResolvedCancellations {
  /** The mode in force (never `auto`). */
  readonly mode: CancellationMode;
  /** SQL condition of the rule, or `null` when the rule is off. */
  readonly condition: string | null;
  /** What the rule removes, in words (the ledger's description). */
  readonly description: string;
  /** Why this mode applies, in words. */
  readonly reason: string;
}

/** Share of `C` lines with a negative quantity from which `auto` takes the `C` convention. */
const NEGATIVE_SHARE = 0.9;

/** Schemas that mark cancellations with a `C` invoice prefix. */
const PREFIX_SCHEMAS = ["online_retail_ii", "online_retail"];

/**
 * Resolves `mode` for `source`: `auto` takes the `C` prefix in the UCI schemas or where
 * invoices starting with `C` carry negative quantities, the returns flag column when the source
 * has one, and otherwise turns the rule off.
 */
export async function resolveCancellations(
  db: Db,
  source: string,
  mode: CancellationMode,
  context: { schema?: string; columns: readonly string[] },
): Promise<ResolvedCancellations> {
  const hasFlag = context.columns.includes("return_flag");
  switch (mode.kind) {
    case "off":
      return { mode, condition: null, description: "", reason: "chosen with --cancellations off" };
    case "prefix":
      return prefixed(mode.prefix, `chosen with --cancellations prefix:${mode.prefix}`);
    case "negative-quantity":
      return {
        mode,
        condition: "quantity < 0",
        description: "cancellation line (negative quantity)",
        reason: "chosen with --cancellations negative-quantity",
      };
    case "column":
      if (!hasFlag) {
        throw new OptionError(
          "cancellations",
          "Cannot clean transactions: --cancellations column needs a returns flag column, and none is mapped",
          "Name it: --cancellations column:NAME (or --map returns=NAME)",
        );
      }
      return flagged("chosen with --cancellations column");
  }
  if (context.schema !== undefined && PREFIX_SCHEMAS.includes(context.schema)) {
    return prefixed(
      "C",
      "the Online Retail schema marks cancellations with invoices starting with 'C'",
    );
  }
  if (hasFlag) return flagged("a returns flag column is mapped");
  const r = await db.one<{ n: number; negative: number }>(
    `SELECT count(*) FILTER (WHERE ${prefixCondition("C")}) AS n,
            count(*) FILTER (WHERE ${prefixCondition("C")} AND quantity < 0) AS negative
     FROM ${source}`,
  );
  if (r.n > 0 && r.negative >= NEGATIVE_SHARE * r.n) {
    return prefixed(
      "C",
      `${r.negative.toLocaleString("en-US")} of the ${
        r.n.toLocaleString("en-US")
      } lines whose invoice starts with 'C' carry negative quantities`,
    );
  }
  return {
    mode: { kind: "off" },
    condition: null,
    description: "",
    reason: r.n === 0
      ? "no invoice starts with 'C' and no returns column is mapped"
      : `the ${
        r.n.toLocaleString("en-US")
      } lines whose invoice starts with 'C' mostly carry positive quantities: ordinary orders, not cancellations`,
  };
}

function prefixed(prefix: string, reason: string): ResolvedCancellations {
  return {
    mode: { kind: "prefix", prefix },
    condition: prefixCondition(prefix),
    description: `cancellation invoice (starts with '${prefix}')`,
    reason,
  };
}

function flagged(reason: string): ResolvedCancellations {
  return {
    mode: { kind: "column" },
    condition: "coalesce(return_flag, false)",
    description: "cancellation line (flagged in the returns column)",
    reason,
  };
}
