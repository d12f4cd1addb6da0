import { ok } from "node:assert/strict";

/** Asserts |actual - expected| <= tolerance, naming both values. */
export function assertClose(actual: number, expected: number, tolerance: number, what = ""): void {
  ok(
    Math.abs(actual - expected) <= tolerance,
    `${what ? what + ": " : ""}expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}
