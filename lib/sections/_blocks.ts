/**
 * Small wording helpers shared by the section words (private).
 *
 * @module
 */

/** `1 customer` / `3 customers`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
