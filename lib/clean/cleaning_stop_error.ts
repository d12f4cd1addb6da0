import { ValidationError } from "../errors.ts";
import type { LedgerStep } from "../types.ts";

/**
 * Cleaning stopped before writing anything, because its result would mislead: every row was
 * removed, or a rule removed more than half of the rows it saw, or its removals look like a
 * misread file (cancellations with positive quantities that match no purchase). A user error
 * (the CLI exits with code 2): the message says what was seen, the hint which option decides it.
 *
 * It carries the ledger up to the stop (capping is not run, so no value is counted as
 * changed), so that the caller can write `cleaning_ledger.csv` before exiting.
 *
 * @example
 * ```ts
 * import { CleaningStopError } from "./cleaning_stop_error.ts";
 * import { isUserError } from "../errors.ts";
 * import { equal } from "node:assert/strict";
 * const e = new CleaningStopError("Cannot clean transactions: no rows are left", {
 *   rule: "cancellation", reason: "all-removed", ledger: [], hint: "pass --cancellations off",
 * });
 * equal(isUserError(e), true);
 * equal(e.rule, "cancellation");
 * ```
 */
export class CleaningStopError extends ValidationError {
  override name = "CleaningStopError";
  /** The rule that stopped the run (`"load"` when no row survived the load). */
  readonly rule: string;
  /** `"all-removed"`: no row is left; `"implausible"`: a plausibility check failed. */
  readonly reason: "all-removed" | "implausible";
  /** The ledger up to the stop. */
  readonly ledger: readonly LedgerStep[];
  constructor(
    message: string,
    options: {
      rule: string;
      reason: "all-removed" | "implausible";
      ledger: readonly LedgerStep[];
      hint?: string;
    },
  ) {
    super(message, [], options.hint);
    this.rule = options.rule;
    this.reason = options.reason;
    this.ledger = options.ledger;
  }
}
