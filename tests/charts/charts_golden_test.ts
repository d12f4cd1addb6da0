import { renderChart } from "../../lib/charts/mod.ts";
import { assertGolden } from "./_golden.ts";
import { CASES } from "./_cases.ts";

for (const [name, build] of Object.entries(CASES)) {
  Deno.test(`golden ${name}`, () => {
    assertGolden(renderChart(build()), name);
  });
}
