import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  parseAmountsOption,
  parseCrmMapping,
  parseRecode,
  parseResolvedStatuses,
  parseTableOption,
} from "@crm/crm/mod.ts";
import { OptionError } from "@crm/errors.ts";
import { parseReportArgs, REPORT_OPTIONS } from "@crm/options/mod.ts";

function hintOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof OptionError) return error.hint;
    throw error;
  }
  throw new Error("no error thrown");
}

Deno.test("parseTableOption() reads KIND=FILE and names the kinds in its hint", () => {
  deepStrictEqual(parseTableOption('interactions="my tickets.csv"'), {
    kind: "interactions",
    path: "my tickets.csv",
  });
  throws(() => parseTableOption("pipeline"), /expected KIND=FILE: current value is "pipeline"/);
  throws(() => parseTableOption("pipeline="), /no file after "pipeline="/);
  equal(
    hintOf(() => parseTableOption("tickets=x.csv"))?.includes("--table pipeline=deals.csv"),
    true,
  );
});

Deno.test("parseCrmMapping() reads the issue's example and the JSON file form", () => {
  deepStrictEqual(
    parseCrmMapping('interactions.channel="Ticket Channel",interactions.status="Ticket Status"'),
    { interactions: { channel: "Ticket Channel", status: "Ticket Status" } },
  );
  deepStrictEqual(
    parseCrmMapping(
      '{"pipeline": {"rep": "Owner", "stage": "Deal Stage"}, "customers": {"age": "Age, years"}, "recode": {}}',
    ),
    { pipeline: { rep: "Owner", stage: "Deal Stage" }, customers: { age: "Age, years" } },
  );
  deepStrictEqual(parseCrmMapping('customers.name="Name, ""full"""'), {
    customers: { name: 'Name, "full"' },
  });
});

Deno.test("parseCrmMapping() errors name the flag and give a copyable --map hint", () => {
  throws(() => parseCrmMapping('channel="Ticket Channel"'), /field "channel" needs its table kind/);
  equal(
    hintOf(() => parseCrmMapping('channel="Ticket Channel"')),
    'Write --map interactions.channel="Ticket Channel"',
  );
  throws(() => parseCrmMapping("deals.rep=Owner"), /unknown table kind "deals"/);
  throws(() => parseCrmMapping("pipeline.owner=Owner"), /pipeline has no field "owner"/);
  equal(
    hintOf(() => parseCrmMapping("pipeline.owner=Owner"))?.startsWith(
      "Fields of pipeline are opportunity_id, rep",
    ),
    true,
  );
  throws(() => parseCrmMapping("pipeline.rep=A,pipeline.rep=B"), /pipeline.rep is mapped twice/);
  throws(() => parseCrmMapping('pipeline.rep="A'), /unterminated quote/);
  throws(() => parseCrmMapping('{"pipeline": ["rep"]}'), /"pipeline" must be an object/);
  throws(() => parseCrmMapping("{bad json"), /invalid JSON/);
});

Deno.test("parseRecode() reads FROM=>TO pairs and the recode object of a mapping file", () => {
  deepStrictEqual(
    parseRecode('pipeline.product="GTXPro=>GTX Pro",pipeline.product="MG Adv=>MG Advanced"'),
    {
      pipeline: { product: { GTXPro: "GTX Pro", "MG Adv": "MG Advanced" } },
    },
  );
  deepStrictEqual(parseRecode('{"interactions": {"channel": "Ticket Channel"}}'), {});
  throws(
    () => parseRecode('pipeline.product="GTXPro"'),
    /expected "FROM=>TO" for pipeline.product/,
  );
  throws(() => parseRecode('products.colour="a=>b"'), /products has no field "colour"/);
});

Deno.test("parseResolvedStatuses() and parseAmountsOption() read their flags", () => {
  deepStrictEqual(parseResolvedStatuses("Closed,Resolved, Done ,Closed"), [
    "Closed",
    "Resolved",
    "Done",
  ]);
  throws(() => parseResolvedStatuses(""), /resolved-status needs at least one status/);
  equal(parseAmountsOption("recompute"), "recompute");
  throws(() => parseAmountsOption("drop"), OptionError);
});

Deno.test("the CRM flags are declared once with the main job's options, each parsed by lib/crm", () => {
  const flags = REPORT_OPTIONS.map((o) => o.flag);
  for (
    const flag of ["data", "table", "map", "recode", "resolved-status", "amounts", "min-deals"]
  ) {
    ok(flags.includes(flag), flag);
  }
  // The options parser runs the same parsers: their messages name the flag the user types.
  throws(() => parseReportArgs(["--table", "deals=x.csv"]), /unknown table kind "deals"/);
  throws(() => parseReportArgs(["--recode", "pipeline.product=GTXPro"]), /expected "FROM=>TO"/);
  throws(() => parseReportArgs(["--resolved-status", " , "]), /needs at least one status/);
  throws(
    () => parseReportArgs(["--amounts", "fix"]),
    /--amounts must be one of "recompute", "flag"/,
  );
  const parsed = parseReportArgs(["--table", "pipeline=a.csv", "--table", "sales_team=b.csv"]);
  ok(!parsed.help);
  deepStrictEqual(parsed.options.tables, ["pipeline=a.csv", "sales_team=b.csv"]);
});
