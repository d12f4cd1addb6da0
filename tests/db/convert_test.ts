import { deepStrictEqual, equal } from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";

/** The library's row objects with bigints as numbers, the slow obvious way (the reference). */
function referenceValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(referenceValue);
  return value;
}

/** Every column type the workspace's queries return, with nulls, across several chunks. */
const ALL_TYPES = `
  SELECT i::BOOLEAN AND i % 3 = 0 AS b, (i % 100)::TINYINT AS ti, (i % 30000)::SMALLINT AS si,
    i::INTEGER AS n, (i * 1234567)::BIGINT AS bi, (i::HUGEINT * 100000000000) AS hi,
    i::UBIGINT AS ubi, (i / 7)::FLOAT AS f, i / 3 AS d, (i / 8)::DECIMAL(18, 3) AS dec,
    CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN '' WHEN i % 5 = 2 THEN 'C' || i
      WHEN i % 5 = 3 THEN 'a description longer than twelve bytes ' || i ELSE 'Zürich-' || i END AS s,
    CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '2011-01-01' + (i % 400)::INTEGER END AS dt,
    CASE WHEN i % 11 = 0 THEN NULL ELSE TIMESTAMP '2010-12-01 08:26:00' + to_seconds(i * 37) END AS ts,
    CASE WHEN i % 13 = 0 THEN NULL ELSE [i::BIGINT, i + 1] END AS l,
    {'k': i::BIGINT, 'v': 'x'} AS st,
    CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS sparse,
    (i % 200)::UTINYINT AS uti, (i % 60000)::USMALLINT AS usi, (i * 1000)::UINTEGER AS ui,
    CASE WHEN i % 67 = 0 THEN NULL WHEN i % 67 = 1 THEN 'NaN'::DOUBLE WHEN i % 67 = 2 THEN 'inf'::DOUBLE
      WHEN i % 67 = 3 THEN -0.0::DOUBLE ELSE -i / 9 END AS dnull,
    CASE WHEN i % 71 = 5 THEN (-i)::BIGINT END AS mostly_null,
    CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 90)::TINYINT END AS ti_null,
    CASE i % 9 WHEN 0 THEN 'abcdefghijkl' WHEN 1 THEN 'abcdefghijklm' WHEN 2 THEN 'Zür' || (i % 100)
      WHEN 3 THEN chr(65279) || 'bom' WHEN 4 THEN 'été à Besançon, ' || i WHEN 5 THEN '€' || i
      WHEN 6 THEN 'a' || chr(0) || 'b' WHEN 7 THEN NULL ELSE '🙂' || i END AS texts
  FROM range(5000) r(i) ORDER BY i`;

Deno.test("db.all() gives the library's row objects, bigints as numbers, for every type, over several chunks", async () => {
  const db = await openDb();
  try {
    const reader = await db.connection.runAndReadAll(ALL_TYPES);
    const expected = reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      for (const key in row) out[key] = referenceValue(row[key]);
      return out;
    });
    const rows = await db.all<Record<string, unknown>>(ALL_TYPES);
    equal(rows.length, 5000);
    deepStrictEqual(rows, expected);
    deepStrictEqual(Object.keys(rows[0]!), Object.keys(expected[0]!)); // same key order
  } finally {
    db.close();
  }
});

Deno.test("db.columns() gives the library's columns, bigints as numbers, for every type", async () => {
  const db = await openDb();
  try {
    const reader = await db.connection.runAndReadAll(ALL_TYPES);
    const names = reader.columnNames();
    const columns = reader.getColumnsJS();
    const expected: Record<string, unknown[]> = {};
    names.forEach((name, i) => expected[name] = columns[i]!.map(referenceValue));
    deepStrictEqual(await db.columns(ALL_TYPES), expected);
  } finally {
    db.close();
  }
});

Deno.test("db.all() keys repeated column names as the library does, and returns no rows as []", async () => {
  const db = await openDb();
  try {
    const sql = "SELECT 1 AS a, 2 AS a, 3 AS b, 4 AS a";
    const reader = await db.connection.runAndReadAll(sql);
    deepStrictEqual(await db.all(sql), reader.getRowObjectsJS());
    deepStrictEqual(await db.all("SELECT 1 AS a WHERE false"), []);
    deepStrictEqual(await db.columns("SELECT 1 AS a WHERE false"), { a: [] });
  } finally {
    db.close();
  }
});
