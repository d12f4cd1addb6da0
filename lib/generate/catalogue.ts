import { createRandom, type Random } from "../stats/mod.ts";
import { cumulativeSum, sampleIndex } from "../stats/mod.ts";

/** One product category: the nouns its descriptions use and its price range. */
export interface Category {
  /** Category name (not written to the CSV; descriptions carry its words). */
  readonly name: string;
  /** Item nouns; every description of the category contains one. */
  readonly nouns: readonly string[];
  /** Unit price range in pounds, sampled log-uniformly. */
  readonly price: readonly [number, number];
  /** Share of the catalogue. */
  readonly weight: number;
}

/**
 * The product categories of the generated gift-ware catalogue. Each noun carries a
 * word a product-based segmentation can key on (BAG, MUG, CANDLE, T-LIGHT, CHRISTMAS,
 * CARD, CAKE, LUNCH BOX, CUSHION, FRAME, HEART, …).
 */
export const CATEGORIES: readonly Category[] = [
  {
    name: "bags",
    nouns: [
      "JUMBO BAG",
      "LUNCH BAG",
      "SHOPPER BAG",
      "CHARLOTTE BAG",
      "STORAGE BAG",
      "GIFT BAG",
      "TOTE BAG",
    ],
    price: [0.6, 2.5],
    weight: 9,
  },
  {
    name: "kitchen",
    nouns: [
      "MUG",
      "CAKE CASES",
      "CAKE STAND",
      "CAKE TIN",
      "TEA TOWEL",
      "LUNCH BOX",
      "BAKING SET",
      "TEA SET",
      "JAM JAR",
      "EGG CUP",
    ],
    price: [0.4, 13],
    weight: 14,
  },
  {
    name: "candles",
    nouns: [
      "T-LIGHT HOLDER",
      "CANDLE",
      "SCENTED CANDLE",
      "LANTERN",
      "LIGHT GARLAND",
      "NIGHT LIGHT",
      "T-LIGHT",
    ],
    price: [0.3, 9],
    weight: 10,
  },
  {
    name: "christmas",
    nouns: [
      "CHRISTMAS DECORATION",
      "CHRISTMAS BAUBLE",
      "CHRISTMAS STOCKING",
      "CHRISTMAS TREE",
      "ADVENT CALENDAR",
      "CHRISTMAS GARLAND",
      "CHRISTMAS CRACKERS",
    ],
    price: [0.4, 8],
    weight: 8,
  },
  {
    name: "stationery",
    nouns: [
      "GREETING CARD",
      "BIRTHDAY CARD",
      "GIFT WRAP",
      "NOTEBOOK",
      "PENCILS",
      "STICKER SHEET",
      "GIFT TAGS",
      "PAPER CHAIN KIT",
    ],
    price: [0.2, 3],
    weight: 11,
  },
  {
    name: "home",
    nouns: [
      "CUSHION COVER",
      "PHOTO FRAME",
      "WALL CLOCK",
      "DOORMAT",
      "METAL SIGN",
      "DOORSTOP",
      "COAT RACK",
      "MIRROR",
    ],
    price: [0.8, 15],
    weight: 13,
  },
  {
    name: "hearts",
    nouns: ["HANGING HEART", "HEART DECORATION", "WICKER HEART", "HEART WREATH", "HEART CUSHION"],
    price: [0.4, 6],
    weight: 6,
  },
  {
    name: "toys",
    nouns: [
      "SOFT TOY",
      "JIGSAW",
      "SKIPPING ROPE",
      "PARTY BAG",
      "SPINNING TOP",
      "CHILDRENS APRON",
      "PLAYING CARDS",
    ],
    price: [0.3, 6],
    weight: 9,
  },
  {
    name: "garden",
    nouns: [
      "PLANT POT",
      "WATERING CAN",
      "BIRD HOUSE",
      "GARDEN MARKER",
      "HERB POT",
      "GARDEN KNEELER",
    ],
    price: [0.6, 9],
    weight: 6,
  },
  {
    name: "vintage",
    nouns: [
      "VINTAGE CLOCK",
      "VINTAGE SIGN",
      "VINTAGE TIN",
      "VINTAGE POSTCARD",
      "VINTAGE BILLBOARD MUG",
    ],
    price: [0.5, 10],
    weight: 6,
  },
  {
    name: "accessories",
    nouns: ["HAIR CLIP", "PURSE", "UMBRELLA", "HOT WATER BOTTLE", "KEY RING", "NECKLACE"],
    price: [0.4, 8],
    weight: 6,
  },
  {
    name: "furniture",
    nouns: ["CABINET", "CHEST OF DRAWERS", "PICNIC HAMPER", "TABLE", "SHELF UNIT"],
    price: [15, 300],
    weight: 0.6,
  },
];

const COLOURS = [
  "WHITE",
  "RED",
  "PINK",
  "BLUE",
  "IVORY",
  "GREEN",
  "CREAM",
  "BLACK",
  "SILVER",
  "GOLD",
  "PURPLE",
  "ORANGE",
];
const THEMES = [
  "RED RETROSPOT",
  "VINTAGE PAISLEY",
  "SPACEBOY",
  "DOLLY GIRL",
  "WOODLAND",
  "PANTRY DESIGN",
  "REGENCY",
  "SKULLS",
  "POLKADOT",
  "ENGLISH ROSE",
  "VINTAGE LEAF",
  "SWALLOWS",
  "STRAWBERRY",
  "BIRDHOUSE",
  "ALPHABET",
  "LOVE LONDON",
  "PARIS FASHION",
  "SCANDINAVIAN",
  "JUNGLE",
  "CIRCUS PARADE",
  "FAIRY CAKE",
  "OWL",
  "BUTTERFLY",
  "VINTAGE UNION JACK",
  "HOME SWEET HOME",
  "WILD FLOWER",
  "GINGHAM",
  "TOADSTOOL",
  "DAISY",
  "MOROCCAN",
];
const PACKS = [
  "SET OF 3 ",
  "SET OF 6 ",
  "PACK OF 12 ",
  "PACK OF 72 ",
  "SMALL ",
  "LARGE ",
  "JUMBO ",
  "SET/4 ",
];

/**
 * Retail price points the catalogue rounds to (the "x.95, x.45, x.25" look of a gift-ware
 * wholesaler's list).
 */
export const PRICE_POINTS: readonly number[] = [
  0.19,
  0.21,
  0.29,
  0.39,
  0.42,
  0.55,
  0.65,
  0.72,
  0.79,
  0.85,
  0.95,
  1.25,
  1.45,
  1.65,
  1.69,
  1.95,
  2.1,
  2.46,
  2.55,
  2.95,
  3.25,
  3.75,
  4.25,
  4.95,
  5.95,
  6.75,
  7.95,
  8.5,
  9.95,
  12.75,
  14.95,
  16.95,
  19.95,
  24.95,
  29.95,
  39.95,
  49.95,
  59.95,
  79.95,
  99.95,
  125,
  145,
  165,
  195,
  295,
];

/** One catalogue product. */
export interface Product {
  /** Stock code: five digits, sometimes with a letter suffix (`85123A`). */
  readonly stockCode: string;
  /** UPPERCASE description containing the category noun. */
  readonly description: string;
  /** Index into {@linkcode CATEGORIES}. */
  readonly category: number;
  /** List price in pence. */
  readonly pricePence: number;
  /** Relative popularity (long tail). */
  readonly popularity: number;
}

/** Options for {@linkcode buildCatalogue}. */
export interface CatalogueOptions {
  /** Number of products. @default {3000} */
  products?: number;
}

/**
 * Builds a seeded product catalogue: unique stock codes and descriptions, prices mostly
 * 0.4–15 with a few expensive furniture items, and a Zipf-like popularity (weight
 * `1 / (rank + 8)`) so that a few products sell far more than the long tail. About 2% of
 * descriptions contain a comma (`"TUMBLER, NEW ENGLAND"` style), which exercises CSV quoting.
 *
 * @param seed Seed of the catalogue stream.
 * @param options Catalogue size.
 * @returns The products, in stock-code order.
 *
 * @example
 * ```ts
 * import { buildCatalogue } from "./catalogue.ts";
 * import { equal, ok } from "node:assert/strict";
 * const products = buildCatalogue(1, { products: 200 });
 * equal(products.length, 200);
 * equal(new Set(products.map((p) => p.stockCode)).size, 200);
 * ok(products.every((p) => p.description === p.description.toUpperCase() && p.pricePence > 0));
 * ```
 */
export function buildCatalogue(seed: number, options: CatalogueOptions = {}): Product[] {
  const { products: count = 3000 } = options;
  const random = createRandom(seed ^ 0x5eed);
  const categoryCumulative = cumulativeSum(CATEGORIES.map((c) => c.weight));
  const codes = new Set<string>();
  const descriptions = new Set<string>();
  const out: Product[] = [];
  for (let i = 0; i < count; i++) {
    const category = sampleIndex(random, categoryCumulative);
    const spec = CATEGORIES[category]!;
    let description = describe(random, spec);
    for (let attempt = 0; descriptions.has(description); attempt++) {
      description = attempt < 20 ? describe(random, spec) : `${describe(random, spec)} ${attempt}`;
    }
    descriptions.add(description);
    let stockCode = makeCode(random);
    while (codes.has(stockCode)) stockCode = makeCode(random);
    codes.add(stockCode);
    const [lo, hi] = spec.price;
    const raw = lo * Math.pow(hi / lo, random.next());
    out.push({
      stockCode,
      description,
      category,
      pricePence: Math.round(nearestPricePoint(raw) * 100),
      popularity: 0,
    });
  }
  // Popularity by a random rank, so that popular items are spread over categories.
  const ranks = shuffledRanks(random, count);
  const ranked = out.map((p, i) => ({ ...p, popularity: 1 / (ranks[i]! + 8) }));
  return ranked.sort((
    a,
    b,
  ) => (a.stockCode < b.stockCode ? -1 : a.stockCode > b.stockCode ? 1 : 0));
}

function describe(random: Random, spec: Category): string {
  const noun = pick(random, spec.nouns);
  const theme = pick(random, THEMES);
  const colour = pick(random, COLOURS);
  const u = random.next();
  if (u < 0.02) return `${noun}, ${theme}`;
  if (u < 0.3) return `${theme} ${noun}`;
  if (u < 0.5) return `${noun} ${theme}`;
  if (u < 0.68) return `${pick(random, PACKS)}${theme} ${noun}`;
  if (u < 0.85) return `${colour} ${theme} ${noun}`;
  return `${colour} ${noun}`;
}

function makeCode(random: Random): string {
  const base = String(10000 + Math.floor(random.next() * 80000));
  return random.next() < 0.15 ? base + "ABCDELPS"[Math.floor(random.next() * 8)] : base;
}

function nearestPricePoint(price: number): number {
  let best = PRICE_POINTS[0]!;
  for (const point of PRICE_POINTS) {
    if (Math.abs(Math.log(point / price)) < Math.abs(Math.log(best / price))) best = point;
  }
  return best;
}

function shuffledRanks(random: Random, n: number): Int32Array {
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = ranks[i]!;
    ranks[i] = ranks[j]!;
    ranks[j] = t;
  }
  return ranks;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!;
}
