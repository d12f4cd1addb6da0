import { equal, match, ok, throws } from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertGolden, GOLDEN_DIR, normalizeMarkup } from "./_golden.ts";

Deno.test("normalizeMarkup() rounds numbers to 3 decimals and renumbers generated ids", () => {
  equal(
    normalizeMarkup(
      '<svg><path d="M0.123456,1.5"/><g clip-path="url(#plot-clip-7)"/><clipPath id="plot-clip-7"/></svg>',
    ),
    '<svg>\n<path d="M0.123,1.5"/>\n<g clip-path="url(#plot-clip-1)"/>\n<clipPath id="plot-clip-1"/>\n</svg>\n',
  );
});

Deno.test("assertGolden() writes <name>-changed next to the golden on a mismatch and fails", () => {
  const name = "_harness_selftest";
  const golden = join(GOLDEN_DIR, `${name}.svg`);
  const changed = join(GOLDEN_DIR, `${name}-changed.svg`);
  writeFileSync(golden, normalizeMarkup('<svg><rect width="1"/></svg>'));
  try {
    assertGolden('<svg><rect width="1.0000001"/></svg>', name); // equal after normalisation
    ok(!existsSync(changed));
    throws(
      () => assertGolden('<svg><rect width="2"/></svg>', name),
      /differs from its golden: review .*_harness_selftest-changed\.svg/,
    );
    match(readFileSync(changed, "utf8"), /width="2"/);
  } finally {
    rmSync(golden, { force: true });
    rmSync(changed, { force: true });
  }
});
