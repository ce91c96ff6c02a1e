-- create_table: CREATE TABLE with column types, defaults, IF NOT EXISTS, quoted names,
-- CREATE TABLE AS, duplicate names, unknown types, and column metadata seen through information_schema.
CREATE TABLE ct_basic (
  id integer,
  name text,
  price numeric(10,2) DEFAULT 0,
  created date DEFAULT '2024-01-01',
  flags boolean[],
  "Quoted Col" varchar(20)
);
INSERT INTO ct_basic (id, name) VALUES (1, 'first');
SELECT * FROM ct_basic;
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, column_default, is_nullable
FROM information_schema.columns WHERE table_name = 'ct_basic' ORDER BY ordinal_position;

CREATE TABLE ct_basic (x integer);
CREATE TABLE IF NOT EXISTS ct_basic (x integer);
CREATE TABLE ct_dupcol (a integer, a text);
CREATE TABLE ct_badtype (a no_such_type);
CREATE TABLE ct_nocols ();
SELECT * FROM ct_nocols;
CREATE TABLE "CT Mixed" ("Key" integer, value text);
INSERT INTO "CT Mixed" VALUES (1, 'v');
SELECT "Key", value FROM "CT Mixed";
SELECT * FROM ct_mixed;

CREATE TABLE ct_as AS SELECT id, upper(name) AS big_name, price * 2 AS doubled FROM ct_basic;
SELECT * FROM ct_as;
SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'ct_as' ORDER BY ordinal_position;
CREATE TABLE ct_as_empty AS SELECT * FROM ct_basic WITH NO DATA;
SELECT count(*) FROM ct_as_empty;
CREATE TABLE ct_values (n, word) AS VALUES (1, 'one'), (2, 'two');
SELECT * FROM ct_values ORDER BY n;
SELECT * INTO ct_into FROM ct_values WHERE n = 2;
SELECT * FROM ct_into;

CREATE TEMP TABLE ct_temp (a integer);
INSERT INTO ct_temp VALUES (1);
SELECT a FROM ct_temp;

CREATE TABLE ct_types (
  a smallint, b int, c int8, d real, e double precision, f numeric, g char(2), h varchar, i timestamp,
  j timestamptz, k interval, l time, m uuid, n json, o jsonb, p bytea, q bool, r text[]
);
SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = 'ct_types' ORDER BY ordinal_position;

DROP TABLE ct_basic, ct_as, ct_as_empty, ct_values, ct_into, ct_nocols, "CT Mixed", ct_temp, ct_types;
DROP TABLE ct_basic;
DROP TABLE IF EXISTS ct_basic;
