import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { OptionError } from "../../lib/errors.ts";
import { notebookParams } from "../../lib/notebook/mod.ts";

const DEFAULTS = { data: "data/sample.csv", observationEnd: "2011-12-09", topN: 10, holdout: true };

Deno.test("notebookParams() returns the defaults without overrides, frozen", () => {
  const p = notebookParams(DEFAULTS, { env: {} });
  deepEqual(p, DEFAULTS);
  ok(Object.isFrozen(p));
});

Deno.test("notebookParams() merges CRM_NB_PARAMS then CRM_PARAM_<NAME> (which wins)", () => {
  const p = notebookParams(DEFAULTS, {
    env: {
      CRM_NB_PARAMS: JSON.stringify({ topN: 5, observationEnd: "2011-06-30", holdout: "false" }),
      CRM_PARAM_OBSERVATION_END: "2011-09-30",
      CRM_PARAM_DATA: "/abs/x.csv",
    },
  });
  deepEqual(p, { data: "/abs/x.csv", observationEnd: "2011-09-30", topN: 5, holdout: false });
});

Deno.test("notebookParams() accepts CRM_PARAM_ names with or without underscores", () => {
  equal(
    notebookParams(DEFAULTS, { env: { CRM_PARAM_OBSERVATIONEND: "2011-01-31" } }).observationEnd,
    "2011-01-31",
  );
  equal(notebookParams(DEFAULTS, { env: { CRM_PARAM_TOPN: "7" } }).topN, 7);
  equal(notebookParams(DEFAULTS, { env: { CRM_PARAM_HOLDOUT: "0" } }).holdout, false);
});

Deno.test("notebookParams() names the parameter, the value and the source of a bad override", () => {
  throws(
    () => notebookParams(DEFAULTS, { env: { CRM_PARAM_TOPN: "ten" } }),
    (e: unknown) =>
      e instanceof OptionError && e.option === "topN" &&
      e.message ===
        'Cannot read params: topN must be a number: current value is "ten" (from CRM_PARAM_TOPN)',
  );
  throws(
    () => notebookParams(DEFAULTS, { env: { CRM_NB_PARAMS: '{"holdout": "maybe"}' } }),
    /holdout must be true or false: current value is "maybe" \(from CRM_NB_PARAMS\)/,
  );
  throws(
    () => notebookParams(DEFAULTS, { env: { CRM_NB_PARAMS: '{"data": 3}' } }),
    /data must be a string: current value is 3 \(from CRM_NB_PARAMS\)/,
  );
});

Deno.test("notebookParams() rejects CRM_NB_PARAMS that is not a JSON object", () => {
  throws(
    () => notebookParams(DEFAULTS, { env: { CRM_NB_PARAMS: "{topN: 3}" } }),
    /CRM_NB_PARAMS is not valid JSON/,
  );
  throws(
    () => notebookParams(DEFAULTS, { env: { CRM_NB_PARAMS: "[1]" } }),
    /CRM_NB_PARAMS must be a JSON object/,
  );
});

Deno.test("notebookParams() ignores unknown overrides unless strict", () => {
  const env = { CRM_NB_PARAMS: '{"other": 1}', CRM_PARAM_TYPO: "x" };
  deepEqual(notebookParams(DEFAULTS, { env }), DEFAULTS);
  throws(
    () => notebookParams(DEFAULTS, { env, strict: true }),
    /unknown parameter "other" \(from CRM_NB_PARAMS\)/,
  );
});

Deno.test("notebookParams() reads Deno.env by default", () => {
  Deno.env.set("CRM_PARAM_TOPN", "3");
  try {
    equal(notebookParams({ topN: 10 }).topN, 3);
  } finally {
    Deno.env.delete("CRM_PARAM_TOPN");
  }
});
