import { deepEqual, equal, match } from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernel, kernelSpec, userDataDir } from "../../lib/notebook/install_kernel.ts";
import { REPO_ROOT } from "../../lib/notebook/_env.ts";

Deno.test("kernels/deno/kernel.json runs `deno jupyter --kernel` with NO_COLOR", () => {
  const spec = JSON.parse(readFileSync(join(REPO_ROOT, "kernels", "deno", "kernel.json"), "utf8"));
  deepEqual(spec.argv, ["deno", "jupyter", "--kernel", "--conn", "{connection_file}"]);
  equal(spec.language, "typescript");
  deepEqual(spec.env, { NO_COLOR: "1" });
  deepEqual({ ...kernelSpec("deno") }, spec);
});

Deno.test("installKernel() writes a kernelspec with the absolute deno path", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-kernel-"));
  try {
    const file = installKernel({ dataDir: dir });
    equal(file, join(dir, "kernels", "deno-crm", "kernel.json"));
    const spec = JSON.parse(readFileSync(file, "utf8"));
    equal(spec.argv[0], Deno.execPath());
    equal(spec.argv[0].startsWith("/"), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("userDataDir() follows JUPYTER_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share", () => {
  equal(userDataDir({ JUPYTER_DATA_DIR: "/j", HOME: "/h" }), "/j");
  equal(userDataDir({ XDG_DATA_HOME: "/x", HOME: "/h" }), "/x/jupyter");
  equal(userDataDir({ HOME: "/h" }), "/h/.local/share/jupyter");
});

Deno.test("installMessage() says how to open the notebooks in JupyterLab and VS Code and run them headless", async () => {
  const { installMessage } = await import("../../lib/notebook/install_kernel.ts");
  const text = installMessage("/k/kernel.json", "/opt/deno", "/repo");
  for (
    const line of [
      /Installed the Deno kernel "deno-crm" .* at \/k\/kernel.json/,
      /running \/opt\/deno/,
      /cd \/repo && jupyter lab notebooks\/01-preprocessing.ipynb/,
      /VS Code/,
      /CRM_PARAM_AS_OF=2011-09-30/,
      /deno task notebooks \[--data FILE\]/,
    ]
  ) match(text, line);
});

Deno.test("the workspace notebooks ask for the installed kernel by name", () => {
  for (
    const name of readdirSync(join(REPO_ROOT, "notebooks")).filter((n) => n.endsWith(".ipynb"))
  ) {
    const nb = JSON.parse(readFileSync(join(REPO_ROOT, "notebooks", name), "utf8"));
    equal(nb.metadata.kernelspec.name, "deno-crm", name);
    equal(nb.metadata.kernelspec.display_name, kernelSpec("deno").display_name, name);
  }
});
