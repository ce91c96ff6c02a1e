-- float: real/double precision input and output (shortest round-trip text),
-- special values, arithmetic, rounding functions, and overflow/underflow errors.
SELECT 1.5::float8 AS a, 0.1::float8 + 0.2::float8 AS b, 1e100::float8 AS c, 1.0e-10::float8 AS d;
SELECT 3.14159::real AS r, 1.0::real / 3 AS third_real, 1.0::float8 / 3 AS third_double;
SELECT 'NaN'::float8 AS nan, 'Infinity'::float8 AS inf, '-inf'::float8 AS ninf, '-0'::float8 AS negzero;
SELECT 'NaN'::float8 = 'NaN'::float8 AS nan_eq, 'NaN'::float8 > 'Infinity'::float8 AS nan_gt;
SELECT 'Infinity'::float8 + 1 AS inf1, 'Infinity'::float8 - 'Infinity'::float8 AS inf_minus_inf;
SELECT 123456789012345678::float8 AS big, 0.000001234::float8 AS small, 1e15::float8 AS e15, 1e16::float8 AS e16;
SELECT 100::float4 AS f4, 1e7::float4 AS f4e7, 123456.789::float4 AS f4r;
SELECT round(2.5::float8) AS r25, round(3.5::float8) AS r35, round(-2.5::float8) AS rm25;
SELECT ceil(1.2::float8), floor(-1.2::float8), trunc(-1.7::float8), sign(-3.0::float8);
SELECT sqrt(2::float8), cbrt(27::float8), power(2::float8, 0.5), exp(1::float8), ln(10::float8), log(100::float8);
SELECT 7.0::float8 / 2 AS div, 7::float8 % 2 AS mod_err;
SELECT 1::float8 / 0;
SELECT '1e400'::float8;
SELECT '1e-400'::float8;
SELECT 1e300::float8 * 1e300::float8;
SELECT 'abc'::float8;
SELECT sqrt(-1::float8);
SELECT ln(0::float8);
SELECT pg_typeof(1.5::real * 2) AS real_times_int, pg_typeof(1.5::real * 2.0::float8) AS real_times_double;

CREATE TABLE fl_t (id integer, x float8, y real);
INSERT INTO fl_t VALUES (1, 1.1, 1.1), (2, 2.2, 2.2), (3, -3.3, -3.3), (4, 'NaN', 'NaN'), (5, NULL, NULL);
SELECT id, x, y, x * 2 AS x2, y::float8 AS y_widened FROM fl_t ORDER BY id;
SELECT id FROM fl_t ORDER BY x, id;
SELECT sum(x) AS sx, avg(x) AS ax, max(x) AS mx FROM fl_t WHERE id < 4;
SELECT max(x) AS max_with_nan FROM fl_t;
SELECT x::integer AS to_int, x::numeric AS to_numeric FROM fl_t WHERE id < 4 ORDER BY id;

SET extra_float_digits = 0;
SELECT 0.1::float8 + 0.2::float8 AS sum, 1.0::float8 / 3 AS third;
RESET extra_float_digits;
DROP TABLE fl_t;
