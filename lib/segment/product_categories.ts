/** One rule of the description-based category table. */
export interface CategoryRule {
  readonly category: string;
  /** Upper-case words; a description matches when it contains one as a whole word (plural "S"/"ES" allowed). */
  readonly keywords: readonly string[];
}

/**
 * The default product categories for gift-shop descriptions like Online Retail's, as an ordered
 * keyword table. **The first rule with a matching keyword wins**, so the order settles
 * ambiguous products: "CHRISTMAS LIGHTS" is Christmas, "HEART T-LIGHT HOLDER" is Candles &
 * Lights (before Home Decor's HEART), "CUPCAKE CASES" is Baking & Lunch (before Kitchen & Tea).
 * Anything unmatched is "Other". Replace it with your own table, or pass a product → category
 * mapping.
 */
export const DEFAULT_CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: "Christmas",
    keywords: ["CHRISTMAS", "XMAS", "ADVENT", "SANTA", "REINDEER", "SNOWFLAKE", "NATIVITY"],
  },
  { category: "Bags", keywords: ["BAG", "SHOPPER", "TOTE"] },
  {
    category: "Baking & Lunch",
    keywords: ["CAKE", "CAKESTAND", "CUPCAKE", "BAKING", "LUNCH", "RECIPE", "PICNIC", "JAM"],
  },
  {
    category: "Kitchen & Tea",
    keywords: [
      "MUG",
      "CUP",
      "TEA",
      "TEACUP",
      "TEAPOT",
      "SAUCER",
      "PLATE",
      "BOWL",
      "JUG",
      "KITCHEN",
      "APRON",
      "BOTTLE",
      "SPOON",
      "GLASS",
      "CUTLERY",
      "PANTRY",
      "BREAD",
      "COOKIE",
      "POPCORN",
      "DINER",
    ],
  },
  {
    category: "Candles & Lights",
    keywords: ["CANDLE", "T-LIGHT", "LANTERN", "LIGHT", "LAMP", "NIGHTLIGHT"],
  },
  {
    category: "Cards & Wrap",
    keywords: ["CARD", "WRAP", "PAPER", "ENVELOPE", "TISSUE", "RIBBON", "GIFT TAPE"],
  },
  {
    category: "Home Decor",
    keywords: [
      "CUSHION",
      "FRAME",
      "SIGN",
      "CLOCK",
      "MIRROR",
      "DOORMAT",
      "HOOK",
      "WREATH",
      "VASE",
      "ORNAMENT",
      "DECORATION",
      "HEART",
      "BUNTING",
      "GARLAND",
      "WALL",
      "ART",
    ],
  },
  {
    category: "Stationery",
    keywords: ["PEN", "PENCIL", "NOTEBOOK", "ERASER", "RULER", "STICKER", "CALENDAR", "CHALK"],
  },
  {
    category: "Toys & Games",
    keywords: ["TOY", "GAME", "PUZZLE", "DOLL", "DOMINOES", "SKITTLES", "JIGSAW", "SPACEBOY"],
  },
  {
    category: "Accessories",
    keywords: [
      "NECKLACE",
      "BRACELET",
      "EARRING",
      "RING",
      "HAIR",
      "BANGLE",
      "PURSE",
      "UMBRELLA",
      "SCARF",
      "PARASOL",
      "WARMER",
    ],
  },
  { category: "Garden", keywords: ["GARDEN", "PLANT", "WATERING", "BIRD", "FLOWER"] },
  {
    category: "Storage",
    keywords: [
      "BOX",
      "STORAGE",
      "BASKET",
      "JAR",
      "DRAWER",
      "TIN",
      "CABINET",
      "CHEST",
      "RACK",
      "BIN",
    ],
  },
];

/** The category of descriptions that match no rule. */
export const OTHER_CATEGORY = "Other";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Builds a categoriser from an ordered rule table: the first rule with a keyword present in the
 * upper-cased description as a whole word (optionally followed by "S" or "ES") gives the
 * category; no match or no description gives "Other".
 *
 * @param rules Ordered rules. @default {DEFAULT_CATEGORY_RULES}
 * @returns A function from description to category.
 *
 * @example First match wins
 * ```ts
 * import { categorizer } from "./product_categories.ts";
 * import { equal } from "node:assert/strict";
 *
 * const categorize = categorizer();
 * equal(categorize("PACK OF 72 RETROSPOT CAKE CASES"), "Baking & Lunch");
 * equal(categorize("WHITE HANGING HEART T-LIGHT HOLDER"), "Candles & Lights");
 * equal(categorize("JUMBO BAG RED RETROSPOT"), "Bags");
 * equal(categorize("HANDBAG"), "Other"); // whole words only
 * equal(categorize(null), "Other");
 * ```
 */
export function categorizer(
  rules: readonly CategoryRule[] = DEFAULT_CATEGORY_RULES,
): (description: string | null) => string {
  const compiled = rules.map((rule) => ({
    category: rule.category,
    re: new RegExp(
      `(?:^|[^A-Z0-9])(?:${rule.keywords.map(escape).join("|")})(?:S|ES)?(?![A-Z0-9])`,
    ),
  }));
  return (description) => {
    if (description === null) return OTHER_CATEGORY;
    const text = description.toUpperCase();
    for (const rule of compiled) if (rule.re.test(text)) return rule.category;
    return OTHER_CATEGORY;
  };
}
