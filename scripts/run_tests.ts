/**
 * `deno task test`: runs `deno test -A --doc` (on `lib/ tests/`, or the paths and flags given)
 * with the load cache in a new temporary folder (`CRM_CACHE_DIR`), removed afterwards, so the
 * suite never reads or writes the user's cache (`~/.cache/crm-workspace`) and every run starts
 * from an empty one. An explicit `CRM_CACHE_DIR` is kept. Exits with the tests' exit code.
 *
 * @module
 */
const own = Deno.env.get("CRM_CACHE_DIR") ? undefined : await Deno.makeTempDir({
  prefix: "crm-test-cache-",
});
const args = Deno.args.some((a) => !a.startsWith("-"))
  ? Deno.args
  : [...Deno.args, "lib/", "tests/"];
let code = 1;
try {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--doc", ...args],
    env: own === undefined ? {} : { CRM_CACHE_DIR: own },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  code = (await child.status).code;
} finally {
  if (own !== undefined) await Deno.remove(own, { recursive: true }).catch(() => {});
}
Deno.exit(code);
