'use strict';
// node-postgres (`pg` from npm) against a running server: node compat.js HOST PORT [TRANSCRIPT]
// Prints "ok   node CHECK" or "FAIL node CHECK: why" per check and exits 1 when any check failed. The expected values
// are PostgreSQL 15's; the same program passes against it. With TRANSCRIPT it also writes every result of the
// text-format queries below (type OIDs and raw text, before any parsing) to that file, so run.sh can diff the
// transcripts of OmenDb and PostgreSQL byte for byte.
const assert = require('assert/strict');
const fs = require('fs');
const { Client, Pool } = require('pg');

const [host, port, transcriptFile] = process.argv.slice(2);
if (!host || !port) {
  console.error('usage: node compat.js HOST PORT [TRANSCRIPT]');
  process.exit(2);
}
const config = { host, port: Number(port), user: 'postgres', database: 'postgres', connectionTimeoutMillis: 10000 };
const rawTypes = { getTypeParser: () => (text) => text };
let failed = 0;

async function check(name, body) {
  try {
    await body();
    console.log(`ok   node ${name}`);
  } catch (e) {
    failed++;
    const detail = e.code ? `${e.code} ${e.message}` : e.message;
    console.log(`FAIL node ${name}: ${detail.split('\n').join('\n    ')}`);
  }
}

async function expectError(client, sql, params, code) {
  try {
    await client.query(sql, params);
  } catch (e) {
    assert.equal(e.code, code, `${sql}: ${e.message}`);
    return e;
  }
  assert.fail(`${sql} succeeded`);
}

// Text results compared byte for byte with PostgreSQL's: [sql, params]. Parameters go untyped (paramOids = []), so
// the server infers their types from the context, as it must for node-postgres.
const textQueries = [
  ['SELECT 1 AS one, -2::int2 AS small, 9007199254740993::int8 AS big, 2147483647 + 0 AS max4'],
  ['SELECT 1.5::float4 AS f4, 0.1::float8 AS f8, \'1e300\'::float8 AS huge, -0.0::float8 AS negzero, 1/3::float8 AS third, \'NaN\'::float8 AS nan, \'-Infinity\'::float4 AS ninf'],
  ['SELECT 0.1::numeric + 0.2 AS sum, 1.50::numeric(6,2) AS scaled, -123456789012345678.9::numeric AS big, 10::numeric / 4 AS div, round(2.5) AS r, 1e-5::numeric AS small'],
  ['SELECT true AS t, false AS f, NULL::bool AS n, \'\' AS empty, \'it\'\'s\' AS quote, \'a\\b\' AS backslash, E\'tab\\there\' AS tab, \'é€\' AS unicode'],
  ['SELECT \'ab\'::char(4) AS bpchar, \'ab\'::varchar(4) AS varchar, \'x\'::name AS name, \'ab  \'::char(4) = \'ab\' AS padded, length(\'ab  \'::char(4)) AS len'],
  ['SELECT \'2024-02-29\'::date AS d, \'23:59:58.25\'::time AS t, \'2024-05-06 07:08:09.123456\'::timestamp AS ts, \'2024-05-06 07:08:09.5+02\'::timestamptz AS tstz, \'infinity\'::timestamp AS inf, \'4713-01-01 BC\'::date AS bc'],
  ['SELECT \'1 day 02:03:04.5\'::interval AS a, \'-1 year -2 months\'::interval AS b, \'90 minutes\'::interval AS c, \'0\'::interval AS zero, \'2024-03-01\'::date - \'2024-02-01\'::date AS days, \'2024-03-01\'::timestamp - \'2024-02-01 12:00\'::timestamp AS diff'],
  ['SELECT \'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\'::uuid AS u, \'\\x00ff27\'::bytea AS b, \'\'::bytea AS empty, decode(\'68656c6c6f\', \'hex\') AS hello'],
  ['SELECT \'{"b": [1, 2.50, null], "a": "x"}\'::jsonb AS jb, \'{"b":  [1, 2.50]}\'::json AS j, \'[]\'::jsonb AS arr, jsonb_build_object(\'k\', 1, \'l\', ARRAY[1,2]) AS built, \'"s"\'::jsonb ->> 0 AS scalar'],
  ['SELECT ARRAY[1, 2, NULL] AS ints, ARRAY[\'a\', \'b c\', NULL, \'"q"\', \'\', \'NULL\', \'x,y\', \'{}\'] AS texts, ARRAY[[1, 2], [3, 4]] AS matrix, ARRAY[1.5, 2]::numeric[] AS nums, \'{}\'::int[] AS empty, ARRAY[true, false] AS bools'],
  ['SELECT ARRAY[\'2024-01-01\'::date] AS dates, ARRAY[\'1 day\'::interval] AS intervals, ARRAY[\'\\x01\'::bytea] AS bytes, ROW(1, \'a b\', NULL, 2.5) AS rec, (1, \'x\') AS pair'],
  ['SELECT g, g * 1.5 AS half, repeat(\'x\', g) AS xs, g::text || \'!\' AS bang FROM generate_series(1, 4) g ORDER BY g DESC'],
  ['SELECT $1 AS unknown_param, $2::int + 1 AS int_param, $3::numeric * 2 AS num_param, $4::date + 1 AS date_param', ['hello', '41', '1.25', '2024-02-28']],
  ['SELECT $1::text || \'x\' AS concat, $2::int[] AS arr, $3::bool AS b, $4::timestamptz AS ts, $5::jsonb AS doc', ['a', '{1,2,3}', 'yes', '2024-01-01 00:00:00+05', '{"z":1,"a":[true]}']],
  ['SELECT id, name, price, tags, created FROM cn_items WHERE id = $1 OR name = $2 ORDER BY id', ['2', 'three']],
  ['SELECT id, price * $1 AS scaled FROM cn_items WHERE price > $2 AND id <> $3 ORDER BY 1 LIMIT $4', ['2', '1.00', '4', '10']],
  ['SELECT count(*), sum(price), avg(price), min(name), max(created), string_agg(name, \',\' ORDER BY id), array_agg(id ORDER BY id) FROM cn_items'],
  ['SELECT name, coalesce(price, 0) AS price, CASE WHEN price IS NULL THEN \'none\' ELSE \'some\' END AS kind FROM cn_items WHERE name LIKE $1 ORDER BY name', ['%e%']],
  ['SELECT $1::int AS a, $1::int8 AS b, $2 = \'x\' AS eq, $3::float8 AS f', ['7', 'x', '2.5e-3']],
];

async function setup(client) {
  await client.query('DROP TABLE IF EXISTS cn_items');
  await client.query(`CREATE TABLE cn_items (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2), tags text[],
    created timestamptz DEFAULT '2024-01-01 00:00:00+00', big bigint, doc jsonb)`);
  // Untyped parameters in an INSERT take their types from the target columns.
  const insert = 'INSERT INTO cn_items (id, name, price, tags, created, big, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)';
  await client.query(insert, [1, 'one', 1.5, ['a', 'b'], new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '9007199254740993', { k: [1, null] }]);
  await client.query(insert, [2, 'two', '2.25', [], '2024-02-03 04:05:06.789+01', null, null]);
  await client.query(insert, [3, 'three', null, ['x y', null], null, -1, '"s"']);
  await client.query('INSERT INTO cn_items (id, name, price) VALUES ($1, $2, $3), ($4, $5, $6)', [4, 'four', 4, 5, 'five', '0.05']);
}

async function transcript(client) {
  const lines = [];
  for (const [sql, params] of textQueries) {
    try {
      const result = await client.query({ text: sql, values: params, rowMode: 'array', types: rawTypes });
      lines.push(`${result.command} ${result.rowCount} ${sql} ${JSON.stringify(params || [])}`);
      lines.push(`  columns ${JSON.stringify(result.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier, f.format]))}`);
      for (const row of result.rows) {
        lines.push(`  ${JSON.stringify(row)}`);
      }
    } catch (e) {
      lines.push(`ERROR ${e.code} ${e.message} ${sql}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const client = new Client(config);
  await client.connect();
  await check('connect', async () => {
    const { rows } = await client.query('SHOW server_version');
    assert.match(rows[0].server_version, /^15\./);
    assert.equal((await client.query('SHOW client_encoding')).rows[0].client_encoding, 'UTF8');
  });
  await check('setup with untyped parameters', async () => setup(client));
  await check('parsed results', async () => {
    const { rows } = await client.query('SELECT id, name, price, tags, created, big, doc FROM cn_items WHERE id <= $1 ORDER BY id', [3]);
    assert.deepEqual(rows, [
      { id: 1, name: 'one', price: '1.50', tags: ['a', 'b'], created: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), big: '9007199254740993', doc: { k: [1, null] } },
      { id: 2, name: 'two', price: '2.25', tags: [], created: new Date(Date.UTC(2024, 1, 3, 3, 5, 6, 789)), big: null, doc: null },
      { id: 3, name: 'three', price: null, tags: ['x y', null], created: null, big: '-1', doc: 's' },
    ]);
  });
  await check('untyped parameters in every position', async () => {
    const r = await client.query(`SELECT $1::int + 1 AS a, $2 || 'x' AS b, length($3) AS c, $4::date + 1 AS d, $5 = 'q' AS e
      FROM cn_items WHERE id = $6`, ['1', 'y', 'abc', '2024-12-31', 'q', 1]);
    assert.deepEqual(r.rows[0], { a: 2, b: 'yx', c: 3, d: new Date(2025, 0, 1), e: true });
    const u = await client.query('UPDATE cn_items SET price = price + $1 WHERE id = ANY($2) RETURNING id, price', ['1', [1, 2]]);
    assert.deepEqual(u.rows.sort((x, y) => x.id - y.id), [{ id: 1, price: '2.50' }, { id: 2, price: '3.25' }]);
    assert.equal(u.rowCount, 2);
    const l = await client.query('SELECT id FROM cn_items ORDER BY id LIMIT $1 OFFSET $2', ['2', 1]);
    assert.deepEqual(l.rows, [{ id: 2 }, { id: 3 }]);
    const between = await client.query('SELECT count(*)::int AS n FROM cn_items WHERE price BETWEEN $1 AND $2', ['2', '4']);
    assert.deepEqual(between.rows, [{ n: 3 }]);
    const d = await client.query('DELETE FROM cn_items WHERE id = $1', [99]);
    assert.equal(d.rowCount, 0);
    assert.equal(d.command, 'DELETE');
  });
  await check('named prepared statements', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await client.query({ name: 'cn_by_id', text: 'SELECT name FROM cn_items WHERE id = $1', values: [i] });
      assert.deepEqual(r.rows, [{ name: ['one', 'two', 'three', 'four', 'five'][i - 1] }]);
    }
  });
  await check('errors', async () => {
    const e = await expectError(client, 'INSERT INTO cn_items (id, name) VALUES ($1, $2)', [1, 'dup'], '23505');
    assert.equal(e.message, 'duplicate key value violates unique constraint "cn_items_pkey"');
    assert.equal(e.detail, 'Key (id)=(1) already exists.');
    assert.equal(e.constraint, 'cn_items_pkey');
    await expectError(client, 'SELECT * FROM cn_items WHERE id = $1', ['abc'], '22P02');
    await expectError(client, 'SELECT $1', [], '42P02');
    await expectError(client, 'SELECT nope FROM cn_items', [], '42703');
    const syntax = await expectError(client, 'SELECT FROM WHERE', [], '42601');
    assert.equal(syntax.position, '13');
    assert.equal((await client.query('SELECT 1 AS still_alive')).rows[0].still_alive, 1);
  });
  await check('transactions', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO cn_items (id, name) VALUES ($1, $2)', [10, 'ten']);
    await expectError(client, 'SELECT 1/0', [], '22012');
    await expectError(client, 'SELECT 1', [], '25P02');
    await client.query('ROLLBACK');
    assert.equal((await client.query('SELECT count(*) FROM cn_items WHERE id = 10')).rows[0].count, '0');
  });
  await check('a Pool', async () => {
    const pool = new Pool({ ...config, max: 4 });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        pool.query('SELECT $1::int * 2 AS doubled, pg_backend_pid() AS pid', [i])));
      assert.deepEqual(results.map((r) => r.rows[0].doubled), Array.from({ length: 20 }, (_, i) => i * 2));
      assert.ok(new Set(results.map((r) => r.rows[0].pid)).size <= 4, 'more backends than the pool size');
      const pooled = await pool.connect();
      try {
        await pooled.query('BEGIN');
        await pooled.query('UPDATE cn_items SET name = $1 WHERE id = $2', ['uno', 1]);
        assert.equal((await pool.query('SELECT name FROM cn_items WHERE id = 1')).rows[0].name, 'one');
        await pooled.query('COMMIT');
      } finally {
        pooled.release();
      }
      assert.equal((await pool.query('SELECT name FROM cn_items WHERE id = 1')).rows[0].name, 'uno');
      assert.equal(pool.totalCount <= 4, true);
    } finally {
      await pool.end();
    }
    await client.query('UPDATE cn_items SET name = $1 WHERE id = $2', ['one', 1]);
    await client.query('UPDATE cn_items SET price = price - 1 WHERE id IN (1, 2)');
  });
  if (transcriptFile) {
    await check('text results transcript', async () => fs.writeFileSync(transcriptFile, await transcript(client)));
  }
  await check('cleanup', async () => client.query('DROP TABLE cn_items'));
  await client.end();
}

main().then(() => process.exit(failed ? 1 : 0), (e) => {
  console.log(`FAIL node: ${e.message}`);
  process.exit(1);
});
