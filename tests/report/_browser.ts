/**
 * Headless Chromium for the page tests (Debian's `chromium`, driven by `playwright-core`; no
 * browser download). A missing Chromium skips the tests with a message, except under `CI=true`,
 * where it fails them.
 *
 * @module
 */
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";

/** The browser binary (`CRM_CHROMIUM` overrides). */
export const CHROMIUM: string = Deno.env.get("CRM_CHROMIUM") ?? "/usr/bin/chromium";

/** Flags that keep a headless Chromium off the network and quiet (see ../shared/docs). */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when Chromium is there; otherwise says why the tests skip (and fails under CI). */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (Deno.env.get("CI") === "true") {
    throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
  }
  console.warn(`skipping the browser tests: ${CHROMIUM} is not there (apt-get install chromium)`);
  return false;
}

/** Launches headless Chromium. */
export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS],
    headless: true,
  });
}

/** What went wrong on a page: console errors, uncaught errors, requests, dialogs. */
export interface PageProblems {
  readonly console: string[];
  readonly errors: string[];
  /** Requests to anything but the page's own file (in-page `data:` and `blob:` URLs aside). */
  readonly requests: string[];
  readonly dialogs: string[];
}

/**
 * Opens `path` in a new page of `context`, recording problems, and waits for the page script
 * to finish (`<html data-report-ready>`) when scripts run.
 */
export async function openReport(
  context: BrowserContext,
  path: string,
  options: { scripts?: boolean } = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const url = `file://${path}`;
  const problems: PageProblems = { console: [], errors: [], requests: [], dialogs: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.console.push(m.text());
  });
  page.on("pageerror", (e) => problems.errors.push(e.message));
  page.on("request", (r) => {
    const u = r.url();
    if (u !== url && !u.startsWith("data:") && !u.startsWith("blob:")) problems.requests.push(u);
  });
  page.on("dialog", (d) => {
    problems.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  if (options.scripts !== false) {
    await page.waitForSelector("html[data-report-ready=true]", { timeout: 15_000 });
  }
  return { page, problems };
}

/** RFC 4180 reader (quotes, doubled quotes, commas and line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), field = "");
    else if (ch === "\n") (row.push(field), rows.push(row), row = [], field = "");
    else field += ch;
  }
  if (field !== "" || row.length > 0) (row.push(field), rows.push(row));
  return rows;
}
