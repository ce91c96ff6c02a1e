-- numeric: arbitrary precision decimals: scale of results, typmod rounding,
-- round/trunc, NaN, big values, overflow of numeric(p,s), and casts to and from numeric.
SELECT 1.10 + 2.205 AS add, 10.5 - 0.25 AS sub, 1.5 * 1.25 AS mul;
SELECT 1 / 3.0 AS div_scale, 10 / 4.0 AS exact, 2.0 / 3 AS two_thirds;
SELECT 123456789012345678901234567890 * 10 AS big, 0.000000000000000000001 AS tiny;
SELECT 7.5 % 2 AS mod, mod(-7.5, 2) AS negmod, div(7.5, 2) AS intdiv;
SELECT round(2.5) AS r1, round(-2.5) AS r2, round(2.345, 2) AS r3, round(1234.5, -2) AS r4;
SELECT trunc(2.789, 1) AS t1, trunc(-2.789) AS t2, ceil(2.1) AS c, floor(-2.1) AS f;
SELECT abs(-1.50), sign(-0.5), scale(1.500), sqrt(2.0), power(2.0, 10);
SELECT 12.345::numeric(5,2) AS typmod_round, 0.005::numeric(3,2) AS half_up;
SELECT 1234.5::numeric(5,2);
SELECT 'NaN'::numeric AS nan, 'NaN'::numeric = 'NaN'::numeric AS nan_eq, 'NaN'::numeric > 1e100 AS nan_big;
SELECT 'Infinity'::numeric AS inf, '-Infinity'::numeric < 0 AS neg_inf;
SELECT '  1.50  '::numeric AS trimmed, '1e3'::numeric AS exp, '-0.0'::numeric AS negzero;
SELECT 'one'::numeric;
SELECT 1 / 0.0;
SELECT 1.5::integer AS to_int, 2.5::bigint AS to_bigint, 1.25::float8 AS to_float, 3::numeric AS from_int;
SELECT 1.000::numeric = 1 AS equal_ignores_scale, 1.000::numeric::text AS keeps_scale;
SELECT pg_typeof(1.5 + 1) AS num_int, pg_typeof(1.5 + 1.5::float8) AS num_float;

CREATE TABLE nm_t (id integer, amount numeric(10,2), rate numeric);
INSERT INTO nm_t VALUES (1, 10.005, 0.1), (2, 20.994, 0.25), (3, 99999999.99, 1), (4, NULL, NULL);
SELECT id, amount, rate, amount * rate AS product FROM nm_t ORDER BY id;
SELECT sum(amount), avg(amount), min(rate), max(rate) FROM nm_t;
SELECT avg(rate)::numeric(10,4) AS avg4 FROM nm_t;
INSERT INTO nm_t VALUES (5, 100000000, 0);
UPDATE nm_t SET amount = amount * 100 WHERE id = 3;
SELECT id, amount FROM nm_t ORDER BY amount DESC NULLS LAST, id;
DROP TABLE nm_t;
