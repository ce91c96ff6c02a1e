-- int_overflow: out-of-range errors (22003) for int2/int4/int8 arithmetic,
-- casts, input and aggregates, and the boundary values that still fit.
SELECT 32767::smallint AS max2, (-32768)::smallint AS min2;
SELECT 2147483647 AS max4, (-2147483648)::integer AS min4;
SELECT 32767::smallint + 1::smallint;
SELECT (-32768)::smallint - 1::smallint;
SELECT 2147483647 + 1;
SELECT -2147483647 - 2;
SELECT 2147483647 * 2;
SELECT 9223372036854775807 + 1;
SELECT (-9223372036854775807 - 1) - 1;
SELECT 9223372036854775807 * 2;
SELECT (-2147483648)::integer / -1;
SELECT (-9223372036854775808)::bigint / -1;
SELECT abs((-2147483648)::integer);
SELECT -((-32768)::smallint);
SELECT 40000::smallint;
SELECT 3000000000::integer;
SELECT '99999999999'::integer;
SELECT '32768'::smallint;
SELECT '9223372036854775808'::bigint;
SELECT 1e19::bigint;
SELECT 'NaN'::float8::integer;
SELECT 2147483647.4::integer AS rounds_down;
SELECT 2147483647.5::integer;
SELECT 1 << 31 AS wraps_to_min, 1::bigint << 63 AS wraps_big;

CREATE TABLE io_t (v integer);
INSERT INTO io_t VALUES (2147483647), (2147483647);
SELECT sum(v), pg_typeof(sum(v)) FROM io_t;
UPDATE io_t SET v = v + 1;
SELECT v FROM io_t ORDER BY v;
INSERT INTO io_t VALUES (2147483648);
INSERT INTO io_t VALUES ('2147483648');
SELECT v FROM io_t ORDER BY v;
DROP TABLE io_t;
