/**
 * Typed errors for bad input. Every error a user can cause by their data, file or
 * options is one of these: it names the file, line, column and value where it can,
 * and says what to do (`hint`). The CLI prints `message` and `hint` and exits with
 * code 2, without a stack trace. Anything else is a bug and keeps its trace.
 *
 * Message shape (Deno std): `Cannot <action>: <current state>`, sentence case, values quoted.
 *
 * @module
 */

/** Where in an input file a problem sits. All fields optional; 1-based. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly columnIndex?: number;
  readonly value?: string;
}

/** One problem found in the data (collected, then thrown or displayed). */
export interface Issue extends Location {
  readonly rule: string;
  readonly message: string;
  readonly customerId?: string;
}

const USER_ERROR = Symbol.for("crm.userError");

/** Marks an error as the user's to fix: the CLI shows it without a stack trace. */
interface UserFacing {
  readonly hint: string | undefined;
  readonly [USER_ERROR]: true;
}

function mark<T extends Error>(error: T, hint: string | undefined): T & UserFacing {
  Object.defineProperty(error, USER_ERROR, { value: true });
  Object.defineProperty(error, "hint", { value: hint, enumerable: true });
  return error as T & UserFacing;
}

/** True for errors a user caused and can fix (bad file, bad option, bad data). */
export function isUserError(error: unknown): error is Error & UserFacing {
  return error instanceof Error &&
    (error as unknown as Record<symbol, unknown>)[USER_ERROR] === true;
}

/** Formats a location as `"file" at line 17, column "Price" (6): current value is "12,50"`. */
export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(`"${loc.file}"`);
  if (loc.line !== undefined) parts.push(`at line ${loc.line}`);
  if (loc.column !== undefined) {
    parts.push(
      `column "${loc.column}"${loc.columnIndex !== undefined ? ` (${loc.columnIndex})` : ""}`,
    );
  }
  let text = parts.join(parts.length === 3 ? " " : " ").replace(
    / at line (\d+) column/,
    " at line $1, column",
  );
  if (loc.value !== undefined) text += `: current value is "${loc.value}"`;
  return text;
}

/** The input file cannot be used at all: missing, unknown format, empty, unreadable. */
export class InputFileError extends Error {
  override name = "InputFileError";
  readonly file: string;
  readonly hint: string | undefined;
  constructor(file: string, message: string, hint?: string) {
    super(message);
    this.file = file;
    this.hint = hint;
    mark(this, hint);
  }
}

/** Text that cannot be parsed: a bad date or number, broken quoting, wrong field count. */
export class CsvParseError extends SyntaxError {
  override name = "CsvParseError";
  readonly location: Location;
  readonly hint: string | undefined;
  /** All offending cells found (the message shows the first few). */
  readonly issues: readonly Issue[];
  readonly count: number;
  constructor(
    message: string,
    options: { location: Location; hint?: string; issues?: readonly Issue[]; count?: number },
  ) {
    super(message);
    this.location = options.location;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
    this.count = options.count ?? this.issues.length;
    mark(this, options.hint);
  }
}

/** Columns are missing, duplicated or of the wrong kind. */
export class SchemaError extends TypeError {
  override name = "SchemaError";
  readonly file: string | undefined;
  readonly missing: readonly string[];
  readonly found: readonly string[];
  readonly hint: string | undefined;
  constructor(
    message: string,
    options: {
      file?: string;
      missing?: readonly string[];
      found?: readonly string[];
      hint?: string;
    },
  ) {
    super(message);
    this.file = options.file;
    this.missing = options.missing ?? [];
    this.found = options.found ?? [];
    this.hint = options.hint;
    mark(this, options.hint);
  }
}

/** Values outside their domain (for example a summary with recency greater than T). */
export class ValidationError extends RangeError {
  override name = "ValidationError";
  readonly issues: readonly Issue[];
  readonly hint: string | undefined;
  constructor(message: string, issues: readonly Issue[], hint?: string) {
    super(message);
    this.issues = issues;
    this.hint = hint;
    mark(this, hint);
  }
}

/** An option or parameter has an invalid value. */
export class OptionError extends TypeError {
  override name = "OptionError";
  readonly option: string;
  readonly hint: string | undefined;
  constructor(option: string, message: string, hint?: string) {
    super(message);
    this.option = option;
    this.hint = hint;
    mark(this, hint);
  }
}

/**
 * Checks that `value` is one of `allowed`, else throws an {@linkcode OptionError} in
 * the closed-list form.
 *
 * @example
 * ```ts
 * import { oneOf } from "./errors.ts";
 * import { throws, equal } from "node:assert/strict";
 * equal(oneOf("preset", "classic", ["classic", "recommended"] as const), "classic");
 * throws(() => oneOf("preset", "fast", ["classic", "recommended"] as const), /preset must be one of "classic", "recommended": current value is "fast"/);
 * ```
 */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(
    option,
    `Cannot read options: ${option} must be one of ${
      allowed.map((a) => `"${a}"`).join(", ")
    }: current value is "${value}"`,
  );
}
