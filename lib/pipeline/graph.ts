/**
 * A declared graph of stages: each stage is a function with typed inputs (the results of the
 * stages it needs) and a typed output, and the runner starts every stage as soon as what it
 * needs is done, so independent stages run at the same time, each on its own DuckDB
 * connection.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { isUserError } from "../errors.ts";
import type { Progress } from "../util/mod.ts";

/** What every stage gets besides its inputs. */
export interface StageContext<O> {
  /** A connection of the analysis database of its own (temporary tables are per connection). */
  readonly db: Db;
  /** The run's options. */
  readonly options: O;
  readonly progress: Progress;
}

/** A stage of a graph whose results are the record `R`, with options `O`. */
export interface Stage<R, O> {
  readonly id: keyof R & string;
  /** What the progress line says while it runs. */
  readonly label: string;
  readonly needs: readonly (keyof R & string)[];
  /** Runs the stage on the results it needs. */
  readonly run: (ctx: StageContext<O>, inputs: R) => Promise<unknown>;
  /** A short summary of the result for the progress line. */
  readonly describe?: (result: never) => string;
  /** Run on the graph's main connection instead of a connection of its own. @default {false} */
  readonly mainConnection?: boolean;
  /** Report no progress line (stages that report their own). @default {false} */
  readonly quiet?: boolean;
  /**
   * The run goes on without it when it fails for a reason of the data (a user error, such as
   * too few customers to score): it is skipped with that reason, and so is every stage that
   * needs it. @default {false}
   */
  readonly optional?: boolean;
}

/**
 * Declares a stage with typed inputs: `needs` lists the results it reads, and `run` sees only
 * those (checked by the compiler).
 *
 * @example
 * ```ts
 * import { stage } from "./graph.ts";
 * interface R { a: number; b: string }
 * const b = stage<R, {}>()({ id: "b", label: "b", needs: ["a"], run: async (_ctx, r) => `a is ${r.a}` });
 * ```
 */
export function stage<R, O>(): <K extends keyof R & string, D extends keyof R & string>(
  def: {
    readonly id: K;
    readonly label: string;
    readonly needs: readonly D[];
    readonly run: (ctx: StageContext<O>, inputs: Pick<R, D>) => Promise<R[K]>;
    readonly describe?: (result: R[K]) => string;
    readonly mainConnection?: boolean;
    readonly quiet?: boolean;
    readonly optional?: boolean;
  },
) => Stage<R, O> {
  return (def) => def as unknown as Stage<R, O>;
}

/** Options for {@linkcode runGraph}. */
export interface RunGraphOptions<R, O> {
  readonly db: Db;
  readonly options: O;
  readonly progress: Progress;
  /** Results to compute (with everything they need). @default {every stage} */
  readonly targets?: readonly (keyof R & string)[];
  /** Results already computed (a notebook session asking for more). */
  readonly done?: Partial<R>;
  /** Seconds per stage, filled in as stages finish. */
  readonly timings?: Record<string, number>;
  /** Why optional stages were skipped, by stage id, filled in as the run goes. */
  readonly skipped?: Record<string, string>;
  /**
   * Called as each stage's result is stored, with every result so far (work that needs only
   * some results can start then). It must not throw.
   */
  readonly onResult?: (id: keyof R & string, results: Partial<R>) => void;
}

/**
 * The stages needed for `targets`, in declaration order.
 *
 * @throws {Error} If a stage needs a result no stage produces, or the needs form a cycle.
 */
export function plan<R, O>(
  stages: readonly Stage<R, O>[],
  targets: readonly (keyof R & string)[],
): Stage<R, O>[] {
  const byId = new Map(stages.map((s) => [s.id, s]));
  const wanted = new Set<string>();
  const visiting = new Set<string>();
  const visit = (id: string, from: string): void => {
    if (wanted.has(id)) return;
    const s = byId.get(id as keyof R & string);
    if (s === undefined) {
      throw new Error(`Cannot plan stages: ${from} needs "${id}", which no stage produces`);
    }
    if (visiting.has(id)) throw new Error(`Cannot plan stages: "${id}" needs itself (a cycle)`);
    visiting.add(id);
    for (const need of s.needs) visit(need, `"${id}"`);
    visiting.delete(id);
    wanted.add(id);
  };
  for (const t of targets) visit(t, "the run");
  return stages.filter((s) => wanted.has(s.id));
}

/**
 * Runs the stages needed for `targets`: every stage starts as soon as the stages it needs are
 * done, on a connection of its own (`db.fork()`), so independent stages overlap. When a stage
 * fails, the runner waits for the running ones to settle and throws the first error; an
 * `optional` stage that fails for a reason of the data is skipped instead (see `skipped`), with
 * every stage that needs it.
 *
 * @returns Every result computed (and the `done` ones).
 *
 * @example Two independent stages and one that needs both
 * ```ts
 * import { runGraph, stage } from "./graph.ts";
 * import { openDb } from "../db/mod.ts";
 * import { createProgress } from "../util/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * interface R { a: number; b: number; sum: number }
 * const s = stage<R, {}>();
 * const stages = [
 *   s({ id: "a", label: "a", needs: [], run: async (ctx) => (await ctx.db.one<{ x: number }>("select 2 as x")).x }),
 *   s({ id: "b", label: "b", needs: [], run: async () => 3 }),
 *   s({ id: "sum", label: "sum", needs: ["a", "b"], run: async (_ctx, r) => r.a + r.b }),
 * ];
 * const db = await openDb();
 * const r = await runGraph(stages, { db, options: {}, progress: createProgress({ write: () => {} }) });
 * deepStrictEqual(r, { a: 2, b: 3, sum: 5 });
 * db.close();
 * ```
 */
export async function runGraph<R, O>(
  stages: readonly Stage<R, O>[],
  options: RunGraphOptions<R, O>,
): Promise<Partial<R>> {
  const results: Partial<R> = { ...(options.done ?? {}) };
  const skipped: Record<string, string> = options.skipped ?? {};
  const targets = options.targets ?? stages.map((s) => s.id);
  const todo = plan(stages, targets).filter((s) => !(s.id in results) && !(s.id in skipped));
  const running = new Map<string, Promise<void>>();
  const failures: unknown[] = [];
  const started = new Set<string>();
  const ready = (s: Stage<R, O>) => s.needs.every((n) => n in results);
  const skip = (s: Stage<R, O>): boolean => {
    const missing = s.needs.find((n) => n in skipped);
    if (missing === undefined) return false;
    started.add(s.id);
    skipped[s.id] = skipped[missing]!;
    return true;
  };
  const start = (s: Stage<R, O>): void => {
    started.add(s.id);
    const task = (async () => {
      const db = s.mainConnection || !options.db.fork ? options.db : await options.db.fork();
      const done = s.quiet ? undefined : options.progress.stage(s.label);
      const t0 = performance.now();
      try {
        const value = await s.run(
          { db, options: options.options, progress: options.progress },
          results as R,
        );
        (results as Record<string, unknown>)[s.id] = value;
        options.onResult?.(s.id, results);
        const describe = s.describe as ((v: unknown) => string) | undefined;
        done?.(describe ? describe(value) : undefined);
        if (options.timings) options.timings[s.id] = (performance.now() - t0) / 1000;
      } catch (error) {
        if (!s.optional || !isUserError(error)) throw error;
        skipped[s.id] = error.message;
        done?.(`skipped: ${error.message}`);
      } finally {
        if (db !== options.db) db.close();
      }
    })().catch((error) => {
      failures.push(error);
    }).finally(() => running.delete(s.id));
    running.set(s.id, task);
  };
  while (true) {
    if (failures.length === 0) {
      let changed = true;
      while (changed) {
        changed = false;
        for (const s of todo) {
          if (started.has(s.id)) continue;
          if (skip(s)) changed = true;
          else if (ready(s)) start(s);
        }
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failures.length > 0) throw failures[0];
  const missing = todo.filter((s) => !(s.id in results) && !(s.id in skipped));
  if (missing.length > 0) {
    throw new Error(`Cannot run stages: ${missing.map((s) => s.id).join(", ")} never became ready`);
  }
  return results;
}
