/**
 * The customer-table input kind (one row per customer with order counts, spend and first and
 * last order dates, like FLO): load, RFM and segments, CLV; the segments and CLV sections;
 * the ledger, segment, CLV and customer tables.
 *
 * ```text
 * load ─┬─ dataset
 *       └─ rfm ─ clv
 * ```
 *
 * @module
 */
import type { CustomerTableInfo, CustomerTableMapping } from "../customer_table/mod.ts";
import { loadCustomerTable, rfmFromCustomerTable } from "../customer_table/mod.ts";
import { exactSum } from "../db/mod.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { LifetimeValueStage } from "../lifetime_value/mod.ts";
import { lifetimeValueOptions, lifetimeValueStage } from "../lifetime_value/mod.ts";
import type { OutputTable } from "../outputs/mod.ts";
import {
  clvFacts,
  clvHeadlineKpi,
  lifetimeValueSection,
  segmentsSection,
} from "../sections/mod.ts";
import type { CustomerProfile, RfmAnalysis } from "../segment/mod.ts";
import { customerProfiles, rfmAnalysis } from "../segment/mod.ts";
import type { LedgerStep } from "../types.ts";
import { stage } from "./graph.ts";
import type { InputKind, OutputContext, RunOptions, SectionDef } from "./kind.ts";
import { clvOutputs, customerOutput, ledgerOutputs } from "./shared_outputs.ts";
import { SEGMENT_COLUMNS } from "./transactions.ts";

/** Options of the customer-table stages: the resolved mapping (FLO's when `undefined`). */
export interface CustomerTableInput {
  readonly mapping: CustomerTableMapping | undefined;
}

/** The loaded customer table and its ledger (every row validated, none removed). */
export interface CustomerTableLoad {
  readonly info: CustomerTableInfo;
  readonly ledger: readonly LedgerStep[];
}

/** Every result of a customer-table run, by stage id. */
export interface CustomerTableResults {
  readonly load: CustomerTableLoad;
  readonly dataset: DatasetSummary;
  readonly rfm: RfmAnalysis;
  readonly profiles: readonly CustomerProfile[];
  readonly clv: LifetimeValueStage;
}

type O = RunOptions<CustomerTableInput>;
const s = stage<CustomerTableResults, O>();

/** The stages of a customer-table run. */
export const CUSTOMER_TABLE_STAGES = [
  s({
    id: "load",
    label: "load customer table",
    needs: [],
    mainConnection: true,
    run: async ({ db, options, progress }) => {
      const info = await loadCustomerTable(db, options.report.data, {
        ...(options.input.mapping ? { mapping: options.input.mapping } : {}),
        ...(options.report.dateFormat !== undefined
          ? { dateFormat: options.report.dateFormat }
          : {}),
        ...(options.report.delimiter !== undefined ? { delimiter: options.report.delimiter } : {}),
        ...(options.report.sheet !== undefined ? { sheet: options.report.sheet } : {}),
        cache: options.report.cache === "on",
        progress,
      });
      return {
        info,
        ledger: [{
          step: 0,
          rule: "load",
          description:
            "customers read from the customer table; every row is validated, none removed",
          rowsIn: info.rows,
          rowsRemoved: 0,
          rowsChanged: 0,
          rowsOut: info.rows,
        }],
      };
    },
    describe: (l) =>
      `${l.info.rows} customers (${
        l.info.detected === "flo" ? "FLO columns recognised" : "mapped"
      })`,
  }),
  s({
    id: "dataset",
    label: "dataset summary",
    needs: ["load"],
    quiet: true,
    run: async ({ db }, { load }) => {
      const range = await db.one<
        {
          first: string | null;
          last: string | null;
          revenue: number | null;
          orders: number | null;
        }
      >(
        `SELECT strftime(min(coalesce(first_order_date, last_order_date)), '%Y-%m-%d') AS first,
                strftime(max(last_order_date), '%Y-%m-%d') AS last, ${
          exactSum("monetary")
        } AS revenue,
                ${exactSum("frequency")} AS orders FROM ${load.info.table}`,
      );
      return {
        rowsRaw: load.info.rows,
        rowsClean: load.info.rows,
        customers: load.info.rows,
        invoices: range.orders ?? 0,
        firstDate: range.first ?? "",
        lastDate: range.last ?? "",
        revenue: range.revenue ?? 0,
      };
    },
  }),
  s({
    id: "rfm",
    label: "RFM and segments",
    needs: ["load"],
    optional: true,
    run: async ({ db, options }) =>
      rfmAnalysis(
        await rfmFromCustomerTable(db, options.report.asOf ? { asOf: options.report.asOf } : {}),
      ),
    describe: (r) => `${r.customers.length} customers in ${r.segments.length} segments`,
  }),
  s({
    id: "profiles",
    label: "customer profiles",
    needs: ["rfm"],
    quiet: true,
    optional: true,
    run: (_ctx, { rfm }) => Promise.resolve(customerProfiles(rfm.customers)),
  }),
  s({
    id: "clv",
    label: "CLV",
    needs: ["rfm"],
    quiet: true,
    optional: true,
    run: ({ db, options, progress }, { rfm }) =>
      lifetimeValueStage(db, {
        ...lifetimeValueOptions(options.report),
        asOf: rfm.asOf,
        source: { kind: "customers" },
        progress,
        offThread: true,
      }),
  }),
];

/** The report sections of a customer-table run. */
export const CUSTOMER_TABLE_SECTIONS: readonly SectionDef<CustomerTableResults>[] = [
  {
    id: "segments",
    title: "Customer segments",
    needs: ["rfm"],
    build: (r, fmt) =>
      segmentsSection({ ...r.rfm, products: null, cross: [], notes: r.rfm.notes }, fmt),
  },
  {
    id: "clv",
    title: "Customer lifetime value",
    needs: ["clv"],
    build: (r, fmt, guards) =>
      lifetimeValueSection(
        {
          ...r.clv,
          segmentOf: new Map(r.rfm.customers.map((c) => [c.customerId, c.segment])),
        },
        fmt,
        guards,
      ),
  },
];

/** The output tables of a customer-table run. */
export const CUSTOMER_TABLE_OUTPUTS: readonly OutputTable<CustomerTableResults, OutputContext>[] = [
  ...ledgerOutputs<CustomerTableResults>({ needs: ["load"], steps: (r) => r.load.ledger }),
  ...clvOutputs<CustomerTableResults>(),
  customerOutput<CustomerTableResults>(),
  {
    name: "segments",
    format: "csv",
    parquet: true,
    description: "RFM segments",
    needs: ["rfm"],
    columns: () => SEGMENT_COLUMNS,
    rows: (r) => r.rfm.segments,
  },
];

/** The customer-table input kind. */
export const CUSTOMER_TABLE: InputKind<CustomerTableResults, CustomerTableInput> = {
  id: "customers",
  title: "Customer analytics",
  stages: CUSTOMER_TABLE_STAGES,
  sections: CUSTOMER_TABLE_SECTIONS,
  outputs: CUSTOMER_TABLE_OUTPUTS,
  currency: () => undefined,
  headline: (r, fmt) => [
    ...(r.dataset
      ? [
        { label: "Customers", value: fmt.int(r.dataset.customers) },
        { label: "Orders", value: fmt.int(r.dataset.invoices) },
        { label: "Revenue", value: fmt.money(r.dataset.revenue) },
        {
          label: "Orders per customer",
          value: (r.dataset.invoices / Math.max(r.dataset.customers, 1)).toFixed(1),
        },
      ]
      : []),
    ...(r.clv ? [clvHeadlineKpi(clvFacts(r.clv), fmt)] : []),
  ],
  subtitle: (r, fmt) =>
    [
      "Customer table",
      r.dataset ? `${fmt.int(r.dataset.customers)} customers` : "",
      r.dataset ? `last orders ${r.dataset.firstDate} to ${r.dataset.lastDate}` : "",
      r.rfm ? `as of ${fmt.date(r.rfm.asOf)}` : "",
    ].filter((x) => x !== "").join(" · "),
  provenance: (r, fmt) => [
    ...(r.load
      ? [{
        label: "Input kind",
        value: `customer-level table (${
          r.load.info.detected === "flo" ? "FLO columns" : "mapping"
        })`,
      }]
      : []),
    ...(r.rfm ? [{ label: "As-of date", value: fmt.date(r.rfm.asOf) }] : []),
  ],
  summary: (r) => r.dataset,
  ledger: (r) => r.load.ledger,
  files: () => [],
};
