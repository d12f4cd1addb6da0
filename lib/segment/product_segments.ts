import { type Db, quoteIdent, quoteLiteral } from "../db/db.ts";
import { OptionError, ValidationError } from "../errors.ts";
import { requireColumns } from "../db/require_columns.ts";
import { exact } from "../rfm/mod.ts";
import {
  kmeans,
  type KMeansFit,
  sampleDistances,
  silhouetteFromDistances,
  silhouetteSample,
} from "./kmeans.ts";
import {
  categorizer,
  type CategoryRule,
  DEFAULT_CATEGORY_RULES,
  OTHER_CATEGORY,
} from "./product_categories.ts";

/** A customer's product segment and category mix. */
export interface CustomerProductSegment {
  readonly customerId: string;
  /** Name of the customer's cluster, e.g. `"Christmas + Bags"`. */
  readonly productSegment: string;
  /** Share of the customer's spend per category, in `categories` order (sums to 1). */
  readonly shares: readonly number[];
}

/** A category's weight in a product segment. */
export interface CategoryWeight {
  readonly category: string;
  /** Mean share of spend in the segment. */
  readonly share: number;
  /** share / the category's mean share over all customers. */
  readonly lift: number;
}

/** One product segment. */
export interface ProductSegmentRow {
  readonly productSegment: string;
  readonly customers: number;
  readonly share: number;
  /** Categories by lift, highest first (ties by name). */
  readonly categories: readonly CategoryWeight[];
  /** E.g. `"Christmas 46% of spend (4.1× average), Bags 14% (1.6×)"`. */
  readonly description: string;
}

/**
 * Where the product categories came from: the data's own category column, a product →
 * category map, or the keyword table on descriptions.
 */
export type CategorySource = "column" | "map" | "keywords";

/** Result of {@linkcode productSegments}. */
export interface ProductSegmentation {
  /** Which source named the categories. */
  readonly categorySource: CategorySource;
  /** The column that held the categories, when `categorySource` is `"column"`. */
  readonly categoryColumn?: string;
  /** Category names, the columns of `shares` (sorted by name, "Other" last). */
  readonly categories: readonly string[];
  /** The chosen number of clusters. */
  readonly k: number;
  /** Silhouette of each k tried. */
  readonly silhouettes: readonly { readonly k: number; readonly silhouette: number }[];
  /** Segments by size, largest first. */
  readonly segments: readonly ProductSegmentRow[];
  /** One row per customer, sorted by id. */
  readonly customers: readonly CustomerProductSegment[];
}

/** Options for {@linkcode productSegments}. */
export interface ProductSegmentsOptions {
  /** Purchase lines. @default {"clean_transactions"} */
  table?: string;
  /**
   * Product (stock code) → category. Products missing from it are "Other".
   * @default {categories derived from descriptions by `rules`}
   */
  categoryMap?: Readonly<Record<string, string>>;
  /**
   * The line table's column holding each line's category (the input's own categories, such as
   * `category` or `subcategory` mapped with `--map`). Used when the table has it with at least
   * one value and no `categoryMap` is given; lines without a value are "Other".
   * @default {"category"}
   */
  categoryColumn?: string;
  /** Keyword rules used without a `categoryMap` or a category column. @default {DEFAULT_CATEGORY_RULES} */
  rules?: readonly CategoryRule[];
  /** Smallest and largest k tried. @default {[2, 8]} */
  kRange?: readonly [number, number];
  /** Seed of initialisation and silhouette sampling. @default {42} */
  seed?: number;
  /** Customers sampled for the silhouette (out of the selection sample). @default {1000} */
  silhouetteSample?: number;
  /** Customers sampled to choose k (fits for every k); the chosen k is then fitted on all. @default {2000} */
  selectionSample?: number;
}

/**
 * Product-based segments: what customers buy. Each line gets a category: from `categoryMap` by
 * its product, else from the table's own category column (the input's categories), else by the
 * keyword rules on the product's most frequent description; `categorySource` says which. Each
 * customer gets a vector of
 * category shares of spend (summing to 1), and the square roots of those shares (the Hellinger
 * transform, which keeps small-but-real interests visible and makes Euclidean distance meaningful
 * between compositions) are clustered by {@linkcode kmeans} for every k in `kRange`, on a seeded
 * sample of at most 2,000 customers; the k with the highest silhouette (on 1,000 of them) wins,
 * ties to the smaller k, and is then fitted on all customers starting from the sample fit's
 * centroids. Segments are named by their one or two
 * categories with the highest lift (mean share in the segment / mean share overall) among those
 * with at least 5% of the segment's spend and a lift above 1.1, joined by " + " (the second only
 * when its lift is above 1.25). "Other" (unclassified products) never names a segment: when only
 * it qualifies the segment is "Unclassified products", when nothing does "Mixed". Ties by
 * category name; clashing names get " (2)", " (3)".
 *
 * Customers with no positive spend are left out.
 *
 * @param db The analysis database.
 * @param options Table, categories, k range and seed.
 * @returns Categories, chosen k, segments and per-customer assignments.
 * @throws {ValidationError} If there are fewer customers than k + 1 for the smallest k.
 *
 * @example
 * ```ts ignore
 * const seg = await productSegments(db);
 * seg.segments[0]; // { productSegment: "Christmas", customers: 812, ... }
 * ```
 */
export async function productSegments(
  db: Db,
  options: ProductSegmentsOptions = {},
): Promise<ProductSegmentation> {
  const {
    table = "clean_transactions",
    categoryMap,
    categoryColumn = "category",
    rules = DEFAULT_CATEGORY_RULES,
    kRange = [2, 8],
    seed = 42,
    silhouetteSample: silhouetteSampleSize = 1000,
    selectionSample = 2000,
  } = options;
  const [kMin, kMax] = kRange;
  if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 2 && kMax >= kMin)) {
    throw new OptionError(
      "kRange",
      `Cannot build product segments: kRange must be two integers 2 <= min <= max: current value is "${kMin},${kMax}"`,
    );
  }
  const found = await requireColumns(
    db,
    table,
    ["customer_id", "stock_code", "description", "line_total"],
    "build product segments",
  );
  const t = quoteIdent(table);
  const column = quoteIdent(categoryColumn);
  const categorySource: CategorySource = categoryMap ? "map" : found.includes(categoryColumn) &&
      (await db.one<{ n: number }>(`SELECT count(${column}) AS n FROM ${t}`)).n > 0
    ? "column"
    : "keywords";
  let ids: string[] = [];
  let shares: number[][] = [];
  let categories: string[] = [];
  // The keyword and map paths number their categories (`_product_category.code`, in category
  // order): grouping ten million lines by an integer rather than a name is a quarter faster.
  let coded: readonly string[] | undefined;
  try {
    if (categorySource === "column") {
      // Spend per customer and category stays in DuckDB; one row per customer (a column per
      // category) crosses into TS. Exact decimal sums, so nothing depends on row order.
      await db.run(
        `CREATE OR REPLACE TEMP TABLE _category_spend AS
         SELECT customer_id, coalesce(${column}, ${
          quoteLiteral(OTHER_CATEGORY)
        }) AS category, sum(${exact("line_total")})::DOUBLE AS spend
         FROM ${t} WHERE customer_id IS NOT NULL GROUP BY ALL HAVING sum(${
          exact("line_total")
        }) > 0`,
      );
    } else {
      coded = await productCategories(db, t, categoryMap, rules);
      if (coded.length === 0) {
        throw new ValidationError(
          "Cannot build product segments: the lines name no product (no stock code or description column)",
          [],
          'map a product column (--map stock_code="Column") or a category column (--map category="Column")',
        );
      }
      await db.run(
        `CREATE OR REPLACE TEMP TABLE _category_spend AS
         SELECT l.customer_id, p.code AS category, sum(${exact("line_total")})::DOUBLE AS spend
         FROM ${t} l JOIN _product_category p USING (stock_code)
         WHERE l.customer_id IS NOT NULL GROUP BY ALL HAVING sum(${exact("line_total")}) > 0`,
      );
    }
    const present = (await db.all<{ category: string | number }>(
      `SELECT DISTINCT category FROM _category_spend ORDER BY category`,
    )).map((r) => r.category);
    // Each category's name and its key in `_category_spend` (the name, or its number).
    const keys = new Map(
      present.map((key) => [coded ? coded[key as number]! : key as string, key]),
    );
    categories = [...keys.keys()].sort(categoryOrder);
    if (categories.length > 0) {
      const literal = (key: string | number) =>
        typeof key === "number" ? String(key) : quoteLiteral(key);
      const c = await db.columns<Record<string, (number | null)[]> & { customer_id: string[] }>(
        `SELECT customer_id, ${
          categories.map((name, j) =>
            `sum(spend) FILTER (WHERE category = ${literal(keys.get(name)!)}) AS c${j}`
          ).join(", ")
        } FROM _category_spend GROUP BY customer_id ORDER BY customer_id`,
      );
      ids = c.customer_id;
      // Row by row from the columns (looked up once): each share is the spend over the row's
      // total, summed in category order.
      const spend = categories.map((_, j) => c[`c${j}`]!);
      const m = categories.length;
      shares = ids.map((_, i) => {
        const row = new Array<number>(m);
        let total = 0;
        for (let j = 0; j < m; j++) total += row[j] = spend[j]![i] ?? 0;
        for (let j = 0; j < m; j++) row[j] = row[j]! / total;
        return row;
      });
    }
  } finally {
    await db.run(`DROP TABLE IF EXISTS _category_spend`);
    await db.run(`DROP TABLE IF EXISTS _product_category`);
  }
  if (ids.length < kMin + 1) {
    throw new ValidationError(
      `Cannot build product segments: ${ids.length} customers with spend are too few for k = ${kMin}`,
      [],
      "use more data, or skip product segments",
    );
  }
  const points = shares.map((row) => {
    const point = new Array<number>(row.length);
    for (let j = 0; j < row.length; j++) point[j] = Math.sqrt(row[j]!);
    return point;
  });
  // k is chosen on a seeded sample of at most `selectionSample` customers (fits and
  // silhouettes), then the chosen k is fitted on everyone.
  const chosen = silhouetteSample(points.length, { sampleSize: selectionSample, seed });
  const selection = chosen.map((i) => points[i]!);
  const sample = silhouetteSample(selection.length, {
    sampleSize: silhouetteSampleSize,
    seed: seed + 1,
  });
  const distances = sampleDistances(selection, sample);
  const silhouettes: { k: number; silhouette: number }[] = [];
  let best: KMeansFit | undefined;
  let bestScore = -Infinity;
  for (let k = kMin; k <= Math.min(kMax, selection.length - 1); k++) {
    const fit = kmeans(selection, k, { seed });
    const s = silhouetteFromDistances(distances, sample.map((i) => fit.assignments[i]!));
    silhouettes.push({ k, silhouette: s });
    if (s > bestScore + 1e-12) {
      bestScore = s;
      best = fit;
    }
  }
  // Everyone is then clustered with the chosen k, starting from the sample's centroids (a warm
  // start: the same solution when the sample is everyone, and a few Lloyd steps otherwise).
  const fit = points.length === selection.length
    ? best!
    : kmeans(points, best!.k, { seed, init: best!.centroids });
  return {
    categorySource,
    ...(categorySource === "column" ? { categoryColumn } : {}),
    ...describe(ids, shares, categories, fit.assignments, fit.k, silhouettes),
  };
}

/**
 * Creates `_product_category` (stock code → category number) from the map, or from the keyword
 * rules on each product's most frequent description. Lines without a stock code take no part.
 *
 * @returns The categories by number (in {@linkcode categoryOrder}); none without products.
 */
async function productCategories(
  db: Db,
  t: string,
  categoryMap: Readonly<Record<string, string>> | undefined,
  rules: readonly CategoryRule[],
): Promise<string[]> {
  const products = await db.all<{ stock_code: string; description: string | null }>(
    `SELECT stock_code, arg_min(description, (-n, description)) AS description FROM (
       SELECT stock_code, description, count(*) AS n FROM ${t} WHERE stock_code IS NOT NULL GROUP BY ALL)
     GROUP BY stock_code ORDER BY stock_code`,
  );
  const categorize = categorizer(rules);
  const categoryOf = products.map((p) =>
    categoryMap ? (categoryMap[p.stock_code] ?? OTHER_CATEGORY) : categorize(p.description)
  );
  const names = [...new Set(categoryOf)].sort(categoryOrder);
  const code = new Map(names.map((name, i) => [name, i]));
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _product_category (stock_code VARCHAR, code INTEGER)`,
  );
  for (let i = 0; i < products.length; i += 1000) {
    const chunk = products.slice(i, i + 1000).map((p, j) =>
      `(${quoteLiteral(p.stock_code)}, ${code.get(categoryOf[i + j]!)!})`
    ).join(",");
    await db.run(`INSERT INTO _product_category VALUES ${chunk}`);
  }
  return names;
}

/** Category order: by name, `Other` last. */
function categoryOrder(a: string, b: string): number {
  return a === OTHER_CATEGORY ? 1 : b === OTHER_CATEGORY ? -1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Name of a segment in which no category stands out. */
export const MIXED = "Mixed";

/** Name of a segment in which only unclassified ("Other") products stand out. */
export const UNCLASSIFIED = "Unclassified products";

function describe(
  ids: readonly string[],
  shares: readonly (readonly number[])[],
  categories: readonly string[],
  assignments: readonly number[],
  k: number,
  silhouettes: readonly { k: number; silhouette: number }[],
): Omit<ProductSegmentation, "categorySource" | "categoryColumn"> {
  const n = ids.length;
  const m = categories.length;
  const overall = new Array<number>(m).fill(0);
  const sums = Array.from({ length: k }, () => new Array<number>(m).fill(0));
  const sizes = new Array<number>(k).fill(0);
  shares.forEach((row, i) => {
    sizes[assignments[i]!]!++;
    row.forEach((v, j) => {
      overall[j]! += v / n;
      sums[assignments[i]!]![j]! += v;
    });
  });
  // Clusters by size (largest first), ties by their first customer, so numbering is stable.
  const firstIndex = new Array<number>(k).fill(Infinity);
  assignments.forEach((c, i) => (firstIndex[c] = Math.min(firstIndex[c]!, i)));
  const order = [...Array(k).keys()].filter((c) => sizes[c]! > 0).sort((a, b) =>
    sizes[b]! - sizes[a]! || firstIndex[a]! - firstIndex[b]!
  );
  const used = new Map<string, number>();
  const names = new Map<number, string>();
  const rows: ProductSegmentRow[] = order.map((c) => {
    const weights: CategoryWeight[] = categories.map((category, j) => {
      const share = sums[c]![j]! / sizes[c]!;
      return { category, share, lift: overall[j]! === 0 ? 0 : share / overall[j]! };
    }).sort((a, b) => b.lift - a.lift || (a.category < b.category ? -1 : 1));
    const standsOut = weights.filter((w) => w.share >= 0.05 && w.lift > 1.1);
    // "Other" (products no rule classifies) says nothing about taste: a segment is named after
    // its real categories, and only called "Unclassified products" when nothing else stands out.
    const dominant = standsOut.filter((w) => w.category !== OTHER_CATEGORY);
    const top = dominant.length >= 2 && dominant[1]!.lift > 1.25
      ? dominant.slice(0, 2)
      : dominant.slice(0, 1);
    let name = top.length > 0
      ? top.map((w) => w.category).join(" + ")
      : standsOut.length > 0
      ? UNCLASSIFIED
      : MIXED;
    const seen = (used.get(name) ?? 0) + 1;
    used.set(name, seen);
    if (seen > 1) name = `${name} (${seen})`;
    names.set(c, name);
    const described = top.length > 0 ? top : standsOut.slice(0, 1);
    const description = described.length === 0
      ? "no category stands out (a mix close to the average basket)"
      : described.map((w, i) =>
        `${w.category} ${(100 * w.share).toFixed(0)}%${i === 0 ? " of spend" : ""} (${
          w.lift.toFixed(1)
        }× average)`
      ).join(", ");
    return {
      productSegment: name,
      customers: sizes[c]!,
      share: sizes[c]! / n,
      categories: weights,
      description,
    };
  });
  return {
    categories,
    k,
    silhouettes,
    segments: rows,
    customers: ids.map((customerId, i) => ({
      customerId,
      productSegment: names.get(assignments[i]!)!,
      shares: shares[i]!,
    })),
  };
}
