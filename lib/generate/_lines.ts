import { type Context, type CustomerProfile, PACK_SIZES } from "./_model.ts";
import type { Random } from "../stats/mod.ts";
import { sampleIndex, sampleNormal } from "../stats/mod.ts";
import { CHRISTMAS_BOOST } from "./seasonality.ts";

/** One product line before formatting. */
export interface ProductLine {
  readonly product: number;
  readonly quantity: number;
  readonly pricePence: number;
}

/**
 * The product lines of one invoice: distinct products (favourite category with chance
 * `lean`, Christmas stock in season, otherwise by popularity), a quantity from the
 * customer's pack-size tier shifted by the product's price, and the list price (a 15%
 * discount on some bulk lines, the customer's price factor on web orders).
 * Deterministic in `random`, so a cancellation can regenerate the invoice it reverses.
 */
export function productLines(
  random: Random,
  customer: CustomerProfile,
  ctx: Context,
  count: number,
  month: number,
): ProductLine[] {
  const out: ProductLine[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    let product = pickProduct(random, customer, ctx, month);
    for (let retry = 0; retry < 3 && seen.has(product); retry++) {
      product = pickProduct(random, customer, ctx, month);
    }
    if (seen.has(product)) continue;
    seen.add(product);
    const item = ctx.products[product]!;
    const list = item.pricePence;
    const shift = list < 60 ? 2.5 : list < 150 ? 1.2 : list < 400 ? 0 : list < 1000 ? -1.2 : -3;
    const tier = Math.round(customer.tier + shift + 0.9 * sampleNormal(random));
    const quantity =
      PACK_SIZES[tier < 0 ? 0 : tier >= PACK_SIZES.length ? PACK_SIZES.length - 1 : tier]!;
    let pricePence = list;
    if (customer.priceFactor !== 1) pricePence = Math.round(list * customer.priceFactor);
    else if (quantity >= 48 && random.next() < 0.5) pricePence = Math.round(list * 0.85);
    out.push({ product, quantity, pricePence: Math.max(1, pricePence) });
  }
  return out;
}

function pickProduct(
  random: Random,
  customer: CustomerProfile,
  ctx: Context,
  month: number,
): number {
  if (customer.lean > 0 && random.next() < customer.lean) {
    const group = ctx.byCategory[customer.favourite]!;
    return group.indices[sampleIndex(random, group.cumulative)]!;
  }
  const boost = CHRISTMAS_BOOST[month - 1]!;
  if (boost > 0 && random.next() < boost) {
    const group = ctx.byCategory[ctx.christmas]!;
    return group.indices[sampleIndex(random, group.cumulative)]!;
  }
  let product = sampleIndex(random, ctx.popularity);
  // Out of season, most Christmas stock does not sell.
  if (boost === 0 && ctx.products[product]!.category === ctx.christmas && random.next() < 0.85) {
    product = sampleIndex(random, ctx.popularity);
  }
  return product;
}
