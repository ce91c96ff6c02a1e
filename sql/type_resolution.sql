-- type_resolution: how literals and operators get their types: unknown literals, integer vs
-- numeric constants, integer division, mixed-type arithmetic, implicit casts in comparisons and
-- function calls, overloaded functions, and ambiguous or missing operators.
SELECT pg_typeof('abc') AS unknown_lit, pg_typeof(1) AS int_lit, pg_typeof(1.5) AS numeric_lit, pg_typeof(1e2) AS exp_lit,
       pg_typeof(NULL) AS null_lit, pg_typeof(true) AS bool_lit, pg_typeof(3000000000) AS big_lit;
SELECT 1 + 1.5 AS int_plus_numeric, pg_typeof(1 + 1.5) AS t;
SELECT '1' + 1 AS unknown_plus_int, pg_typeof('1' + 1) AS t;
SELECT 7 / 2 AS int_div, 7 / 2.0 AS numeric_div, 7.0 / 2 AS numeric_div2, 7 / 2::float8 AS float_div, -7 / 2 AS neg_int_div;
SELECT 1::int2 + 1::int2 AS i2, pg_typeof(1::int2 + 1::int2) AS t2, pg_typeof(1::int2 + 1::int8) AS t28, pg_typeof(1::int4 * 1.0::float4) AS t4f;
SELECT 1.5::float4 + 1.5 AS f4_numeric, pg_typeof(1.5::float4 + 1.5) AS t;
SELECT 2 ^ 3 AS pow, pg_typeof(2 ^ 3) AS pow_type, pg_typeof(10 % 3) AS mod_type, pg_typeof(-(1::int2)) AS neg_type;
SELECT 'a' || 1 AS text_int, 1 || 'a' AS int_text, pg_typeof('a' || 1) AS t;
SELECT 1 || 2;
SELECT '1' + '2';
SELECT 1 = '1' AS int_eq_unknown, '1.0' = 1.0 AS unknown_eq_numeric, 1 = 1.0 AS int_eq_numeric, 1::float8 = 1::numeric AS float_eq_numeric;
SELECT '2024-01-01' < date '2024-06-01' AS unknown_as_date, '10' > '9' AS text_compare, 10 > '9' AS int_compare;
SELECT 1 = 'a';
SELECT 1::text = 1;
SELECT length(123);
SELECT length(123::text) AS explicit, substr(12345::text, 2, 2) AS sub;
SELECT round(2.567, 1) AS numeric_round, round(2.567::float8) AS float_round, pg_typeof(round(2.5::float8)) AS t;
SELECT abs(-1) AS int_abs, pg_typeof(abs(-1)) AS t1, pg_typeof(abs(-1.5)) AS t2, pg_typeof(abs(-1::int2)) AS t3;
SELECT pg_typeof(coalesce(1, 2::bigint)) AS coalesce_t, pg_typeof(greatest(1, 2.5)) AS greatest_t, pg_typeof(CASE WHEN true THEN 1 ELSE NULL END) AS case_t;
SELECT pg_typeof(ARRAY[1, 2.5]) AS array_t, pg_typeof(ARRAY['a', 'b']) AS text_array_t;
SELECT pg_typeof(x) FROM (VALUES (1), (2.5)) AS v(x) LIMIT 1;
SELECT pg_typeof(x) FROM (VALUES ('a'), ('b')) AS v(x) LIMIT 1;
SELECT x FROM (VALUES (1), ('a')) AS v(x);
SELECT pg_typeof(sum(1)) AS sum_int, pg_typeof(sum(1::int8)) AS sum_big, pg_typeof(sum(1.5)) AS sum_num, pg_typeof(avg(1::int2)) AS avg_t;
SELECT 2147483647 + 1::bigint AS promoted;
SELECT 5 BETWEEN 1 AND 10.5 AS mixed_between, 5 IN (1, 5.0) AS mixed_in, '5' IN (1, 5) AS unknown_in;
SELECT now() - '2000-01-01'::date > interval '1 day' AS ts_minus_date;
SELECT date '2024-01-01' + 1 AS date_plus_int, pg_typeof(date '2024-01-01' + 1) AS t, pg_typeof(date '2024-01-01' + interval '1 hour') AS t2;
SELECT date '2024-01-01' + 1.5;
SELECT '5' * '2'::int AS half_known;
SELECT - '5' AS unary_unknown;
