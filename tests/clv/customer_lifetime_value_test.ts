import { ok, throws } from "node:assert/strict";
import { customerLifetimeValue } from "../../lib/clv/customer_lifetime_value.ts";
import { conditionalExpectedPurchases } from "../../lib/clv/predict.ts";
import { fitBgNbd } from "../../lib/clv/fit_bg_nbd.ts";
import { fitGammaGamma } from "../../lib/clv/fit_gamma_gamma.ts";
import { expectedAverageValue } from "../../lib/clv/gamma_gamma.ts";
import { OptionError } from "../../lib/errors.ts";
import { assertClose, cdnowWithSpend } from "./_data.ts";

const cdnow = cdnowWithSpend();
const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
const summary = { frequency: [0, 2, 7], recency: [0, 30.43, 20], T: [38.86, 38.86, 30] };

Deno.test({
  name: "customerLifetimeValue() reproduces the lifetimes Quickstart on CDNOW",
  ignore: cdnow === null,
  fn() {
    const bgFit = fitBgNbd(cdnow!);
    const gg = fitGammaGamma(cdnow!);
    // The Quickstart calls customer_lifetime_value with lifetimes' default freq="D" (30 units a month).
    const clv = customerLifetimeValue(bgFit, cdnow!, {
      averageValue: expectedAverageValue(gg.params, cdnow!),
      months: 12,
      discountRate: 0.01,
      timeUnit: "day",
    });
    [140.096, 18.943, 38.181, 38.181, 38.181, 1003.868, 28.110, 38.181, 167.418, 38.181].forEach((
      v,
      i,
    ) => assertClose(clv[i]!, v, 2e-3, `customer ${i + 1}`));
  },
});

Deno.test("customerLifetimeValue() is the discounted sum of monthly E[Y] increments", () => {
  const averageValue = [10, 20, 30];
  const clv = customerLifetimeValue(bg, summary, { averageValue, months: 3, discountRate: 0.05 });
  const y = [1, 2, 3].map((k) => conditionalExpectedPurchases(bg, summary, 4.345 * k));
  for (let i = 0; i < 3; i++) {
    const expected = averageValue[i]! *
      (y[0]![i]! / 1.05 + (y[1]![i]! - y[0]![i]!) / 1.05 ** 2 +
        (y[2]![i]! - y[1]![i]!) / 1.05 ** 3);
    assertClose(clv[i]!, expected, 1e-12);
  }
  // lifetimes test_customer_lifetime_value_with_known_values: d = 1 halves a 1-month CLV.
  const undiscounted = customerLifetimeValue(bg, summary, {
    averageValue: [1, 1, 1],
    months: 1,
    discountRate: 0,
  });
  const halved = customerLifetimeValue(bg, summary, {
    averageValue: [1, 1, 1],
    months: 1,
    discountRate: 1,
  });
  for (let i = 0; i < 3; i++) assertClose(halved[i]!, undiscounted[i]! / 2, 1e-15);
});

Deno.test("customerLifetimeValue() rejects bad options in std message form", () => {
  throws(
    () => customerLifetimeValue(bg, summary, { averageValue: [1, 1, 1], months: 1.5 }),
    OptionError,
  );
  throws(
    () => customerLifetimeValue(bg, summary, { averageValue: [1, 1] }),
    /averageValue has 2 values for 3 customers/,
  );
  ok(
    customerLifetimeValue(bg, summary, { averageValue: [1, 1, 1], months: 0 }).every((v) =>
      v === 0
    ),
  );
});
