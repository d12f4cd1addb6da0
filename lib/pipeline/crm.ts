/**
 * The CRM-tables input kind: a folder of linked tables (`--data crm_export/`) or tables named
 * one by one (`--table pipeline=deals.csv`). Its stages read and validate the tables (the
 * `crm_checks` ledger), then run the analyses the tables support, each on a connection of its
 * own; its sections show only what is present (a single interactions file gives the support
 * analysis alone).
 *
 * ```text
 * read ─ validate ─┬─ quality
 *                  ├─ dataset
 *                  ├─ support      (interactions)
 *                  ├─ sales        (pipeline)
 *                  ├─ products     (transactions, else won deals)
 *                  ├─ behaviour    (transactions and customers)
 *                  └─ segments     (transactions: RFM segments)
 * ```
 *
 * Tables that are absent are created empty after validation, so every analysis runs on any
 * dataset; {@linkcode crmSectionsFor} keeps the sections of the analyses the tables support.
 *
 * @module
 */
import type { CrmInput, CrmMapping, CrmRecode, CrmTableKind, CrmTableSpecArg } from "../crm/mod.ts";
import type { CrmValidation, CustomerBehaviour } from "../crm/mod.ts";
import {
  checkOutcome,
  createMissingCrmTables,
  CRM_CHECK_COLUMNS,
  customerBehaviour,
  readCrmFolder,
  readCrmTables,
  sortCrmChecks,
  validateCrm,
} from "../crm/mod.ts";
import type { Db } from "../db/mod.ts";
import { exactSum } from "../db/mod.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { Format } from "../format/mod.ts";
import type { OutputTable } from "../outputs/mod.ts";
import type { ProductAnalysis } from "../products/mod.ts";
import { analyseProducts } from "../products/mod.ts";
import type { Kpi } from "../report/mod.ts";
import { resolveAsOf, rfmTable } from "../rfm/mod.ts";
import type { SalesPerformance } from "../sales/mod.ts";
import {
  SALES_REGION_COLUMNS,
  SALES_REP_COLUMNS,
  salesPerformance,
  salesRegionRows,
} from "../sales/mod.ts";
import type { CrmQualityInput, SupportInput } from "../sections/mod.ts";
import {
  crmQualitySection,
  productsSection,
  purchaseBehaviourSection,
  salesTeamSection,
  segmentsSection,
  supportSection,
} from "../sections/mod.ts";
import type { RfmAnalysis } from "../segment/mod.ts";
import { rfmAnalysis } from "../segment/mod.ts";
import { channelByAge, SUPPORT_CHANNEL_COLUMNS, supportChannels } from "../support/mod.ts";
import type { LedgerStep } from "../types.ts";
import { stage } from "./graph.ts";
import type { InputKind, OutputContext, RunOptions, SectionDef } from "./kind.ts";
import { productOutputs } from "./product_outputs.ts";
import type { KindRun } from "./run.ts";
import { ledgerOutputs } from "./shared_outputs.ts";
import { SEGMENT_COLUMNS } from "./transactions.ts";

/** What a CRM run reads: a folder or named tables, and how to read and validate them. */
export interface CrmRunInput {
  /** A folder of tables (`--data FOLDER`); `undefined` when tables are named one by one. */
  readonly folder: string | undefined;
  /** Tables named one by one (`--table KIND=FILE`, or one file recognised as a table). */
  readonly tables: readonly CrmTableSpecArg[];
  /** Field → column per kind (`--map KIND.field="Column"`). */
  readonly map: CrmMapping;
  /** Value replacements (`--recode`, and a mapping file's `"recode"`). */
  readonly recode: CrmRecode;
  /** Interaction statuses counted as resolved (`--resolved-status`). */
  readonly resolvedStatuses: readonly string[];
}

/** Every result of a CRM run, by stage id. */
export interface CrmResults {
  readonly read: CrmInput;
  /** The ledger and rows per table; absent kinds then exist as empty tables. */
  readonly validate: CrmValidation;
  readonly quality: CrmQualityInput;
  readonly dataset: DatasetSummary;
  readonly support: SupportInput;
  readonly sales: SalesPerformance;
  readonly products: ProductAnalysis;
  readonly behaviour: CustomerBehaviour;
  /** RFM segments of the customers in the transactions; `null` without transactions. */
  readonly segments: RfmAnalysis | null;
}

/** An analysis of a CRM run, by the stage that computes it. */
export type CrmPart = "support" | "sales" | "products" | "behaviour" | "segments";

type O = RunOptions<CrmRunInput>;
const s = stage<CrmResults, O>();

/** Whether the tables of a run support an analysis (a stage result may exist, empty, anyway). */
export function crmPartPresent(r: Partial<CrmResults>, part: CrmPart): boolean {
  const kinds = r.validate?.kinds ?? [];
  const has = (k: CrmTableKind) => kinds.includes(k);
  switch (part) {
    case "support":
      return has("interactions");
    case "sales":
      return has("pipeline");
    case "products":
      return has("transactions") ||
        (has("pipeline") &&
          (r.read?.tables.find((t) => t.kind === "pipeline")?.columnMap.product ?? null) !== null);
    case "behaviour":
      return has("transactions") && has("customers");
    case "segments":
      return r.segments !== undefined && r.segments !== null;
  }
}

/** The stages of a CRM run. */
export const CRM_STAGES = [
  s({
    id: "read",
    label: "read CRM tables",
    needs: [],
    mainConnection: true,
    run: async ({ db, options, progress }) => {
      const { folder, tables, map } = options.input;
      const read = {
        map,
        progress,
        cache: options.report.cache === "on",
        ...(options.report.dateFormat !== undefined
          ? { dateFormat: options.report.dateFormat }
          : {}),
      };
      return folder !== undefined
        ? await readCrmFolder(db, folder, read)
        : await readCrmTables(db, tables, read);
    },
    describe: (r) =>
      `${r.tables.map((t) => `${t.kind} ${t.rows}`).join(", ")}${
        r.skipped.length > 0 ? `; ${r.skipped.length} skipped` : ""
      }`,
  }),
  s({
    id: "validate",
    label: "validate across tables",
    needs: ["read"],
    mainConnection: true,
    run: async ({ db, options }, { read }) => {
      const validation = await validateCrm(db, read, {
        recode: options.input.recode,
        amounts: options.report.amounts,
        ...(options.report.asOf ? { maxDate: options.report.asOf } : {}),
        ...(options.report.onlyCurrency !== undefined
          ? { onlyCurrency: options.report.onlyCurrency }
          : {}),
      });
      await createMissingCrmTables(db, validation.kinds);
      return validation;
    },
    describe: (v) =>
      `${v.tables.reduce((a, t) => a + t.rowsKept, 0)} of ${
        v.tables.reduce((a, t) => a + t.rowsRead, 0)
      } rows kept, ${v.checks.length} ledger lines`,
  }),
  s({
    id: "quality",
    label: "data quality",
    needs: ["read", "validate"],
    quiet: true,
    run: (_ctx, { read, validate }) =>
      Promise.resolve({
        tables: validate.tables.map((t) => ({
          kind: t.kind,
          file: t.file,
          by: read.tables.find((x) => x.kind === t.kind)?.by ?? "columns",
          rowsRead: t.rowsRead,
          rowsKept: t.rowsKept,
        })),
        skipped: read.skipped,
        checks: sortCrmChecks(validate.checks),
      }),
  }),
  s({
    id: "dataset",
    label: "dataset summary",
    needs: ["validate"],
    quiet: true,
    run: ({ db }, { validate }) => crmDatasetSummary(db, validate),
  }),
  s({
    id: "support",
    label: "support channels",
    needs: ["validate"],
    optional: true,
    run: async ({ db, options }) => ({
      channels: await supportChannels(db, { resolvedStatuses: options.input.resolvedStatuses }),
      byAge: await channelByAge(db),
    }),
    describe: (x) => `${x.channels.facts.interactions} interactions, ${x.channels.facts.evidence}`,
  }),
  s({
    id: "sales",
    label: "sales team",
    needs: ["validate"],
    optional: true,
    run: ({ db, options }) => salesPerformance(db, { minDeals: options.report.minDeals }),
    describe: (x) => `${x.facts.deals} deals, ${x.facts.reps} reps`,
  }),
  s({
    id: "products",
    label: "products and prices",
    needs: ["read", "validate"],
    optional: true,
    run: ({ db }, { validate }) =>
      analyseProducts(
        db,
        validate.kinds.includes("transactions") || !validate.kinds.includes("pipeline")
          ? "transactions"
          : "pipeline",
      ),
    describe: (x) =>
      `${x.performance.facts.products} products, ${x.elasticity.facts.estimated} elasticities`,
  }),
  s({
    id: "behaviour",
    label: "purchase behaviour",
    needs: ["validate"],
    optional: true,
    run: ({ db }) => customerBehaviour(db),
    describe: (x) => `${x.facts.customers} customers`,
  }),
  s({
    id: "segments",
    label: "RFM segments",
    needs: ["validate"],
    optional: true,
    run: async ({ db, options }, { validate }) => {
      if (!validate.kinds.includes("transactions")) return null;
      // The order lines of the CRM transactions in the shape of the order log's RFM.
      await db.run(
        `CREATE OR REPLACE TEMP VIEW crm_order_lines AS SELECT customer_id, invoice, invoice_date,
           amount AS line_total FROM crm_transactions
         WHERE customer_id IS NOT NULL AND invoice_date IS NOT NULL AND amount IS NOT NULL`,
      );
      const asOf = await resolveAsOf(db, "crm_order_lines", {
        ...(options.report.asOf ? { asOf: options.report.asOf } : {}),
        action: "score the customers of the transactions",
      });
      return rfmAnalysis(await rfmTable(db, { table: "crm_order_lines", asOf }));
    },
    describe: (x) => (x === null ? "no transactions" : `${x.customers.length} customers`),
  }),
];

/** The report sections of a CRM run, in page order (see {@linkcode crmSectionsFor}). */
export const CRM_SECTIONS: readonly SectionDef<CrmResults>[] = [
  {
    id: "crm-quality",
    title: "Data quality across tables",
    needs: ["quality"],
    build: (r, fmt) => crmQualitySection(r.quality, fmt),
  },
  {
    id: "support",
    title: "Support channels",
    needs: ["support"],
    build: (r, fmt) => supportSection(r.support, fmt),
  },
  {
    id: "sales-team",
    title: "Sales team",
    needs: ["sales"],
    build: (r, fmt) => salesTeamSection(r.sales, fmt),
  },
  {
    id: "products",
    title: "Products and prices",
    needs: ["products"],
    build: (r, fmt) => productsSection(r.products, fmt),
  },
  {
    id: "purchase-behaviour",
    title: "Customer purchase behaviour",
    needs: ["behaviour"],
    build: (r, fmt) => purchaseBehaviourSection(r.behaviour, fmt),
  },
  {
    id: "segments",
    title: "Customer segments",
    needs: ["segments"],
    build: (r, fmt) =>
      segmentsSection({ ...r.segments!, products: null, cross: [], notes: r.segments!.notes }, fmt),
  },
];

/** The section of each analysis. */
const PART_OF_SECTION: Readonly<Record<string, CrmPart>> = {
  support: "support",
  "sales-team": "sales",
  products: "products",
  "purchase-behaviour": "behaviour",
  segments: "segments",
};

/**
 * The sections a CRM run shows: data quality always; an analysis only when the tables support
 * it, or when its stage was left out for the data (then the page says why).
 *
 * @param r The run's results (skipped stages absent).
 * @param skipped Why stages were left out, by stage id.
 */
export function crmSectionsFor(
  r: Partial<CrmResults>,
  skipped: Readonly<Record<string, string>> = {},
): SectionDef<CrmResults>[] {
  return CRM_SECTIONS.filter((def) => {
    const part = PART_OF_SECTION[def.id];
    if (part === undefined) return true;
    // A stage left out for the data keeps its section, which then says why.
    if (part in skipped) {
      return part === "segments"
        ? (r.validate?.kinds ?? []).includes("transactions")
        : crmPartPresent(r, part);
    }
    return crmPartPresent(r, part);
  });
}

/** The run's ledger: one step per table (rows read, removed, values changed, kept). */
export function crmLedger(r: Pick<CrmResults, "read" | "validate">): LedgerStep[] {
  return r.validate.tables.map((t, i) => {
    const table = r.read.tables.find((x) => x.kind === t.kind);
    return {
      step: i + 1,
      rule: t.kind,
      description: `${t.kind} from "${t.file}"${table ? ` (recognised by ${table.by})` : ""}`,
      rowsIn: t.rowsRead,
      rowsRemoved: t.rowsRead - t.rowsKept,
      rowsChanged: r.validate.checks.filter((c) =>
        c.table === t.kind && checkOutcome(c) === "changed"
      )
        .reduce((a, c) => a + c.rows, 0),
      rowsOut: t.rowsKept,
    };
  });
}

async function crmDatasetSummary(
  db: Db,
  v: CrmValidation,
): Promise<DatasetSummary> {
  const has = (k: CrmTableKind) => v.kinds.includes(k);
  const x = await db.one<
    {
      customers: number;
      invoices: number;
      first: string | null;
      last: string | null;
      revenue: number | null;
      won: number | null;
    }
  >(
    `SELECT
       ${
      has("customers")
        ? "(SELECT count(DISTINCT customer_id) FROM crm_customers)"
        : `(SELECT count(DISTINCT customer_id) FROM (SELECT customer_id FROM crm_transactions
             UNION ALL SELECT customer_id FROM crm_interactions UNION ALL SELECT customer_id FROM crm_pipeline))`
    } AS customers,
       (SELECT count(DISTINCT invoice) FROM crm_transactions) AS invoices,
       strftime((SELECT min(d) FROM (SELECT invoice_date AS d FROM crm_transactions
         UNION ALL SELECT created_at FROM crm_interactions UNION ALL SELECT engage_date FROM crm_pipeline
         UNION ALL SELECT close_date FROM crm_pipeline)), '%Y-%m-%d') AS first,
       strftime((SELECT max(d) FROM (SELECT invoice_date AS d FROM crm_transactions
         UNION ALL SELECT created_at FROM crm_interactions UNION ALL SELECT engage_date FROM crm_pipeline
         UNION ALL SELECT close_date FROM crm_pipeline)), '%Y-%m-%d') AS last,
       (SELECT ${exactSum("amount")} FROM crm_transactions) AS revenue,
       (SELECT ${
      exactSum("close_value")
    } FROM crm_pipeline WHERE lower(trim(stage)) IN ('won', 'closed won')) AS won`,
  );
  return {
    rowsRaw: v.tables.reduce((a, t) => a + t.rowsRead, 0),
    rowsClean: v.tables.reduce((a, t) => a + t.rowsKept, 0),
    customers: x.customers,
    invoices: x.invoices,
    firstDate: x.first ?? "",
    lastDate: x.last ?? "",
    revenue: has("transactions") ? x.revenue ?? 0 : x.won ?? 0,
  };
}

/** The output tables of a CRM run: the ledgers, then one or two tables per analysis. */
export const CRM_OUTPUTS: readonly OutputTable<CrmResults, OutputContext>[] = [
  ...ledgerOutputs<CrmResults>({ needs: ["read", "validate"], steps: (r) => crmLedger(r) }),
  {
    name: "crm_checks",
    format: "csv",
    description:
      "the CRM data-quality ledger: table, check, column, rows, example, action (every row removed or changed, every skipped file and flagged value)",
    needs: ["validate"],
    columns: () => CRM_CHECK_COLUMNS,
    rows: (r) => sortCrmChecks(r.validate.checks),
  },
  {
    name: "support_channels",
    format: "csv",
    description:
      "per channel: interactions, resolved, resolution_rate with its Wilson 95% interval, median_resolution_hours, mean_satisfaction, rated",
    needs: ["support", "validate"],
    columns: () => SUPPORT_CHANNEL_COLUMNS,
    rows: (r) => (crmPartPresent(r, "support") ? r.support.channels.rows : null),
  },
  {
    name: "sales_reps",
    format: "csv",
    description:
      "per rep: manager, region, deals, won, lost, open, win_rate, won_value, target, attainment",
    needs: ["sales", "validate"],
    columns: () => SALES_REP_COLUMNS,
    rows: (r) => (crmPartPresent(r, "sales") ? r.sales.reps : null),
  },
  {
    name: "sales_regions",
    format: "csv",
    description:
      "per region: reps, deals, won, lost, open, win_rate with its Wilson 95% interval, won_value, target, attainment",
    needs: ["sales", "validate"],
    columns: () => SALES_REGION_COLUMNS,
    rows: (r) => (crmPartPresent(r, "sales") ? salesRegionRows(r.sales.regions) : null),
  },
  ...productOutputs<CrmResults>((r) => crmPartPresent(r, "products"), ["validate"]),
  {
    name: "segments",
    format: "csv",
    parquet: true,
    description:
      "segment, label, customers, share, recency_mean, frequency_mean, monetary_mean, revenue, revenue_share, action",
    needs: ["segments"],
    columns: () => SEGMENT_COLUMNS,
    rows: (r) => r.segments?.segments ?? null,
  },
];

function headline(r: Partial<CrmResults>, fmt: Format): Kpi[] {
  const kept = r.validate?.tables.reduce((a, t) => a + t.rowsKept, 0);
  return [
    ...(r.validate ? [{ label: "Tables", value: fmt.int(r.validate.tables.length) }] : []),
    ...(kept !== undefined ? [{ label: "Rows kept", value: fmt.int(kept) }] : []),
    ...(r.support && crmPartPresent(r, "support")
      ? [{
        label: "Resolved",
        value: fmt.percent(r.support.channels.facts.overallRate),
        note: `${fmt.int(r.support.channels.facts.interactions)} interactions`,
      }]
      : []),
    ...(r.sales && crmPartPresent(r, "sales") && r.sales.facts.winRate !== null
      ? [{
        label: "Win rate",
        value: fmt.percent(r.sales.facts.winRate),
        note: `${fmt.int(r.sales.facts.deals)} deals`,
      }]
      : []),
    ...(r.products && crmPartPresent(r, "products")
      ? [{ label: "Revenue", value: fmt.money(r.products.performance.facts.revenue) }]
      : []),
  ];
}

/** The CRM-tables input kind (sections narrowed to the run by {@linkcode crmSectionsFor}). */
export const CRM: InputKind<CrmResults, CrmRunInput> = {
  id: "crm",
  title: "CRM operations",
  stages: CRM_STAGES,
  sections: CRM_SECTIONS,
  outputs: CRM_OUTPUTS,
  currency: (r) => r.validate?.currency,
  headline: (r, fmt) => headline(r, fmt),
  subtitle: (r, fmt) =>
    [
      "CRM tables",
      r.validate ? `${fmt.int(r.validate.tables.length)} tables` : "",
      r.dataset && r.dataset.firstDate !== ""
        ? `${r.dataset.firstDate} to ${r.dataset.lastDate}`
        : "",
    ].filter((x) => x !== "").join(" · "),
  provenance: (r) => [
    ...(r.read
      ? [{
        label: "Tables",
        value: r.read.tables.map((t) => `${t.kind}: ${t.file} (${t.format}, by ${t.by})`).join(
          "; ",
        ),
      }]
      : []),
    ...(r.read && r.read.skipped.length > 0
      ? [{ label: "Files skipped", value: r.read.skipped.map((x) => x.file).join(", ") }]
      : []),
    ...(r.support && crmPartPresent(r, "support")
      ? [{
        label: "Resolved statuses",
        value: r.support.channels.resolvedStatuses.join(", "),
      }]
      : []),
  ],
  summary: (r) => r.dataset,
  ledger: (r) => crmLedger(r),
  files: () => [],
  inputFiles: (r) => r.read.tables.map((t) => ({ label: t.kind, path: t.path })),
};

/**
 * A finished CRM run with its sections narrowed to the analyses its tables support
 * ({@linkcode crmSectionsFor}): what the main job and the notebooks show.
 */
export function withCrmSections(
  run: KindRun<CrmResults, CrmRunInput>,
): KindRun<CrmResults, CrmRunInput> {
  return { ...run, kind: { ...run.kind, sections: crmSectionsFor(run.results, run.skipped) } };
}
