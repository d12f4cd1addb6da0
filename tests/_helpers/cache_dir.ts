/**
 * Imported by the tests that run the main job or a notebook workspace (whose `--cache` is on by
 * default): unless `CRM_CACHE_DIR` is set (`deno task test` sets it to a new temporary folder),
 * points it at a new temporary folder for this test process and removes that folder when the
 * process ends, so a test run with plain `deno test` never writes to `~/.cache/crm-workspace`.
 * Child processes (the CLI, the notebook kernels) inherit the variable.
 *
 * @module
 */
if (!Deno.env.get("CRM_CACHE_DIR")) {
  const dir = Deno.makeTempDirSync({ prefix: "crm-test-cache-" });
  Deno.env.set("CRM_CACHE_DIR", dir);
  globalThis.addEventListener("unload", () => {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // already gone
    }
  });
}

/** The load cache folder of this test process. */
export const TEST_CACHE_DIR: string = Deno.env.get("CRM_CACHE_DIR")!;
