/**
 * Splits `key="Value",key2=Value2`: the quoting of `--map` and the CRM value options. A value
 * in double quotes may hold commas and `""` for a quote; an unquoted value is trimmed and may
 * hold no quote. Each key must match `key`. On a syntax error `fail(what, at)` is called with
 * what was expected and the 0-based character position, and must throw (the caller's error
 * names its option).
 *
 * @param text The option's value, not empty.
 * @param key What a key looks like.
 * @param keyName How a key is called in messages ("a field name", "KIND.field").
 * @param fail Throws the caller's error.
 * @returns The pairs in order.
 *
 * @example
 * ```ts
 * import { splitQuotedPairs } from "./pairs.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * const fail = (what: string, at: number): never => {
 *   throw new Error(`${what} at character ${at + 1}`);
 * };
 * deepStrictEqual(
 *   splitQuotedPairs('customer_id="Customer, ID",price=Unit Price', /^[a-z_]+$/, "a field name", fail),
 *   [["customer_id", "Customer, ID"], ["price", "Unit Price"]],
 * );
 * throws(() => splitQuotedPairs('price="Unit', /^[a-z_]+$/, "a field name", fail), /unterminated quote/);
 * ```
 */
export function splitQuotedPairs(
  text: string,
  key: RegExp,
  keyName: string,
  fail: (what: string, at: number) => never,
): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    if (eq < 0) fail('expected "="', i);
    const name = text.slice(i, eq).trim();
    if (!key.test(name)) fail(`expected ${keyName} before "=", found ${JSON.stringify(name)}`, i);
    i = eq + 1;
    while (text[i] === " ") i++;
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail("unterminated quote", i);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      while (text[i] === " ") i++;
      if (i < text.length && text[i] !== ",") fail('expected "," after the closing quote', i);
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      value = text.slice(i, end).trim();
      if (value.includes('"')) fail("a quote inside an unquoted value", i);
      i = end;
    }
    pairs.push([name, value]);
    if (text[i] === ",") {
      i++;
      if (i >= text.length) fail("a trailing comma", i);
    }
  }
  return pairs;
}
