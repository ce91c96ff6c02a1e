-- math_functions: abs, sign, ceil/floor/round/trunc on integers, numeric and float, mod, power,
-- sqrt/cbrt, exp/ln/log, trigonometry, pi, degrees/radians, width_bucket, factorial, and domain errors.
SELECT abs(-7), abs(-7.5), abs(-7.5::float8), sign(-3), sign(0.0), sign(2.5::float8);
SELECT ceil(4.2), ceiling(-4.2), floor(4.8), floor(-4.8), round(4.5), round(-4.5), trunc(4.99), trunc(-4.99);
SELECT round(3.14159, 3), round(1234.5678, -2), trunc(3.14159, 2), round(2.5::float8), round(0.5::float8);
SELECT mod(17, 5), mod(-17, 5), mod(17.5, 5), 17 % -5;
SELECT power(2, 10), power(2.0, -1), power(9, 0.5), 2 ^ 0.5, power(-8, 3);
SELECT sqrt(16), sqrt(2.0), cbrt(27.0::float8), cbrt(-8::float8);
SELECT exp(0), exp(1.0), ln(exp(2.0)), log(1000), log(2, 64), log10(0.001);
SELECT pi(), round(sin(pi() / 2)::numeric, 10) AS sin90, cos(0) AS cos0, round(tan(pi() / 4)::numeric, 10) AS tan45;
SELECT asin(1), acos(1), atan(1), atan2(1, 1), sind(30), cosd(60), tand(45);
SELECT degrees(pi()), radians(180), round(degrees(1.0)::numeric, 6);
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(11, 0, 10, 5);
SELECT factorial(5), factorial(20), gcd(0, 0), lcm(0, 5), div(9, 4), div(-9, 4);
SELECT greatest(1.5, 2, -1), least(1.5, 2, -1), min_scale(1.2300), trim_scale(1.2300);
SELECT sqrt(-4);
SELECT ln(-1);
SELECT log(0);
SELECT power(0, -1);
SELECT factorial(-1);
SELECT asin(2);
SELECT mod(5, 0);
SELECT power(-8, 1.0 / 3);

CREATE TABLE mf_t (x numeric, y float8);
INSERT INTO mf_t VALUES (2.25, 2.25), (-1.5, -1.5), (0, 0), (100, 100);
SELECT x, round(x) AS rx, sign(x) AS sx, abs(x) AS ax, y, round(y) AS ry, sqrt(abs(y)) AS qy FROM mf_t ORDER BY x;
DROP TABLE mf_t;
