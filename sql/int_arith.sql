-- int_arith: smallint/integer/bigint arithmetic, integer division and modulo
-- (sign rules), bitwise operators, abs, and the result types of mixed operations.
SELECT 7 + 3 AS add, 7 - 3 AS sub, 7 * 3 AS mul, 7 / 3 AS div, 7 % 3 AS mod;
SELECT -7 / 2 AS neg_div, -7 % 2 AS neg_mod, 7 / -2 AS div_neg, 7 % -2 AS mod_neg;
SELECT mod(-7, 3), div(-7, 3);
SELECT 2 ^ 10 AS pow, |/ 16 AS sqrt, @ -5 AS abs;
SELECT 12 & 10 AS band, 12 | 10 AS bor, 12 # 10 AS bxor, ~12 AS bnot, 1 << 4 AS shl, 256 >> 2 AS shr;
SELECT abs(-42), abs(-42::bigint), abs(-4::smallint);
SELECT gcd(12, 18), lcm(4, 6);
SELECT pg_typeof(1::smallint + 1::smallint) AS ss, pg_typeof(1::smallint + 1) AS si,
       pg_typeof(1 + 1::bigint) AS ib, pg_typeof(1::bigint * 2) AS bi;
SELECT 2147483647::bigint + 1 AS widened;
SELECT 9223372036854775807 AS max_big, -9223372036854775808 AS min_big;
SELECT pg_typeof(2147483647) AS fits_int, pg_typeof(2147483648) AS needs_bigint,
       pg_typeof(9223372036854775808) AS needs_numeric;
SELECT 10 / 4 * 4 AS trunc_first, 10 * 4 / 4 AS mul_first;

CREATE TABLE ia_t (a smallint, b integer, c bigint);
INSERT INTO ia_t VALUES (1, 100, 10000000000), (-2, -200, -20000000000), (3, 300, 30000000000);
SELECT a + b AS ab, b * c AS bc, c / a AS ca, c % 7 AS c7 FROM ia_t ORDER BY a;
SELECT sum(a) AS sa, sum(b) AS sb, sum(c) AS sc, pg_typeof(sum(a)) AS ta, pg_typeof(sum(b)) AS tb, pg_typeof(sum(c)) AS tc FROM ia_t;
SELECT avg(b), pg_typeof(avg(b)) FROM ia_t;

-- integer input syntax
SELECT '  42  '::integer AS spaces, '-0'::integer AS negzero, '+7'::int2 AS plus;
SELECT '1_000'::integer;
SELECT '12abc'::integer;
SELECT ''::integer;
SELECT '3.5'::integer;
SELECT 3.5::integer AS round_half_even_no, 2.5::integer AS away_from_zero, (-2.5)::integer AS neg;

-- division by zero
SELECT 1 / 0;
SELECT 1 % 0;
SELECT 1::bigint / 0;

DROP TABLE ia_t;
