/**
 * `deno task kernel`: installs the workspace's Deno kernelspec for the current user, with
 * the absolute path of this deno, and prints how to open the notebooks.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./_env.ts";

/** A Jupyter kernelspec (`kernel.json`). */
export interface KernelSpec {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The kernelspec for a deno executable: `deno jupyter --kernel` with colours off.
 *
 * @example
 * ```ts
 * import { kernelSpec } from "./install_kernel.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(kernelSpec("/opt/deno").argv, ["/opt/deno", "jupyter", "--kernel", "--conn", "{connection_file}"]);
 * ```
 */
export function kernelSpec(denoPath: string): KernelSpec {
  return {
    argv: [denoPath, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (CRM workspace)",
    language: "typescript",
    env: { NO_COLOR: "1" },
  };
}

/** The user's Jupyter data folder (`JUPYTER_DATA_DIR`, else the XDG default). */
export function userDataDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  const xdg = env.XDG_DATA_HOME || join(env.HOME ?? ".", ".local", "share");
  return join(xdg, "jupyter");
}

/** Options for {@linkcode installKernel}. */
export interface InstallKernelOptions {
  /** Jupyter data folder. @default {userDataDir(Deno.env)} */
  dataDir?: string;
  /** Kernel folder name. @default {"deno-crm"} */
  name?: string;
  /** The deno to run. @default {Deno.execPath()} */
  denoPath?: string;
}

/** Writes `<dataDir>/kernels/<name>/kernel.json`; returns its path. */
export function installKernel(options: InstallKernelOptions = {}): string {
  const {
    dataDir = userDataDir(Deno.env.toObject()),
    name = "deno-crm",
    denoPath = Deno.execPath(),
  } = options;
  const dir = join(dataDir, "kernels", name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(kernelSpec(denoPath), null, 2) + "\n");
  return file;
}

/** What `deno task kernel` prints after installing: how to open and run the notebooks. */
export function installMessage(file: string, denoPath: string, repoRoot: string): string {
  return [
    `Installed the Deno kernel "deno-crm" (Deno (CRM workspace)) at ${file}`,
    `  running ${denoPath}`,
    "The notebooks under notebooks/ ask for this kernel by name, so Jupyter picks it.",
    "",
    "JupyterLab (pip install jupyterlab, or your distribution's package):",
    `  cd ${repoRoot} && jupyter lab notebooks/01-preprocessing.ipynb`,
    '  if asked, pick "Deno (CRM workspace)" (Kernel > Change Kernel), then Run > Run All Cells.',
    "VS Code (with the Jupyter extension):",
    `  code ${repoRoot}`,
    '  open notebooks/01-preprocessing.ipynb, "Select Kernel" > "Jupyter Kernel..." > "Deno (CRM workspace)", then Run All.',
    "Change a parameter: edit the cell tagged `parameters`, or start Jupyter with an override,",
    "  e.g. CRM_PARAM_DATA=/path/to/orders.csv CRM_PARAM_AS_OF=2011-09-30 jupyter lab notebooks/",
    "Headless, with HTML export to reports/notebooks/ (no install needed: uses kernels/ via JUPYTER_PATH):",
    "  deno task notebooks [--data FILE] [--param name=value ...] [--only NAME] [--out DIR]",
  ].join("\n");
}

if (import.meta.main) {
  const file = installKernel();
  // deno-lint-ignore no-console
  console.log(installMessage(file, Deno.execPath(), REPO_ROOT));
}
