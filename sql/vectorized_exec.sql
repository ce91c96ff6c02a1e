-- vectorized_exec: scans, filters, GROUP BY aggregates and hash joins over a table large enough (40,000 rows, about
-- 20 storage segments) that OmenDb runs them batch-at-a-time on typed vectors and splits the scan across cores:
-- comparisons with constants on every integer width, date and float8 (NaN, NULL), typed group keys (integer
-- expressions, text, NULL), count/sum/avg/min/max result types and scales, overflow errors, joins of every kind.
CREATE TABLE vx_t (id integer, i2 smallint, i4 integer, i8 bigint, f float8, s text, d date);
INSERT INTO vx_t
SELECT g, (g % 7)::smallint, CASE WHEN g % 11 = 0 THEN NULL ELSE g % 1000 END, g::bigint * 1000003,
       CASE WHEN g % 13 = 0 THEN NULL ELSE (g % 500) * 0.5 END, 's' || (g % 5), DATE '2024-01-01' + (g % 30)
FROM generate_series(1, 40000) AS g;
INSERT INTO vx_t VALUES (40001, NULL, NULL, NULL, 'NaN', NULL, NULL), (40002, -1, -5, -9223372036854775807, '-Infinity', 's1', DATE '2023-12-31');

-- filters: each operator, constant on either side, wider and out-of-range constants, NULL and NaN
SELECT count(*) FROM vx_t WHERE i4 < 100;
SELECT count(*) FROM vx_t WHERE i4 <= 100;
SELECT count(*) FROM vx_t WHERE i4 > 900;
SELECT count(*) FROM vx_t WHERE i4 >= 900;
SELECT count(*) FROM vx_t WHERE i4 = 7;
SELECT count(*) FROM vx_t WHERE i4 <> 7;
SELECT count(*) FROM vx_t WHERE 100 > i4;
SELECT count(*) FROM vx_t WHERE i4 < 5000000000;
SELECT count(*) FROM vx_t WHERE i4 > -5000000000::bigint;
SELECT count(*) FROM vx_t WHERE i2 = 3 AND i4 < 500;
SELECT count(*) FROM vx_t WHERE i8 > 20000000000;
SELECT count(*) FROM vx_t WHERE f < 10.0;
SELECT count(*) FROM vx_t WHERE f > 240.0;
SELECT count(*) FROM vx_t WHERE f >= 249.5;
SELECT count(*) FROM vx_t WHERE f <> 0.5;
SELECT count(*) FROM vx_t WHERE f = 'NaN';
SELECT count(*) FROM vx_t WHERE f < 'NaN';
SELECT count(*) FROM vx_t WHERE f > 'Infinity';
SELECT count(*) FROM vx_t WHERE d < DATE '2024-01-03';
SELECT count(*) FROM vx_t WHERE i4 % 100 = 3;
SELECT count(*) FROM vx_t WHERE i4 < NULL;
SELECT id, i4, f FROM vx_t WHERE i4 < 2 AND f < 5.0 ORDER BY id LIMIT 5;
PREPARE vx_p(integer, float8) AS SELECT count(*) FROM vx_t WHERE i4 < $1 AND f > $2;
EXECUTE vx_p(500, 100.0);
EXECUTE vx_p(NULL, 100.0);
DEALLOCATE vx_p;

-- aggregates without GROUP BY, and over no rows
SELECT count(*), count(i4), sum(i2), sum(i4), sum(i8), avg(i2), avg(i4), avg(i8), min(i4), max(i8) FROM vx_t;
SELECT sum(f), avg(f), min(f), max(f) FROM vx_t WHERE id <= 40000;
SELECT sum(f), avg(f), min(f), max(f) FROM vx_t;
SELECT count(*), sum(i4), avg(f), min(d), max(d) FROM vx_t WHERE i4 > 5000;
SELECT pg_typeof(sum(i2)), pg_typeof(sum(i4)), pg_typeof(sum(i8)), pg_typeof(avg(i4)), pg_typeof(avg(f)), pg_typeof(max(i2)) FROM vx_t;

-- GROUP BY typed keys
SELECT i4 % 10 AS g, count(*), sum(i4), avg(i4), min(f), max(f), sum(f), avg(f) FROM vx_t WHERE f < 200.0 GROUP BY i4 % 10 ORDER BY g;
SELECT i2, count(*), count(i4), sum(i8), avg(i8), min(i8) FROM vx_t GROUP BY i2 ORDER BY i2 NULLS FIRST;
SELECT s, count(*), sum(i4), max(i2) FROM vx_t GROUP BY s ORDER BY s NULLS FIRST;
SELECT d, count(*), avg(i2) FROM vx_t WHERE d < DATE '2024-01-05' GROUP BY d ORDER BY d;
SELECT i4 / 100 AS bucket, count(*) FROM vx_t WHERE i8 < 4000000000 GROUP BY i4 / 100 ORDER BY bucket NULLS LAST;
SELECT i4 % 3 AS g, count(*) FROM vx_t WHERE i4 > 100 GROUP BY i4 % 3 ORDER BY g;
SELECT sum(i8 * 1000) FROM vx_t;
SELECT i4 + 2147483000 AS g, count(*) FROM vx_t GROUP BY i4 + 2147483000 ORDER BY 1 LIMIT 1;
SELECT sum(x) FROM (SELECT 9223372036854775807 AS x FROM vx_t WHERE id <= 3) AS big;
SELECT i4 % 0 AS g, count(*) FROM vx_t WHERE id < 3 GROUP BY 1;

-- joins with a dimension table: unique keys, duplicate keys, NULL keys, cross-type keys; LEFT, semi and anti joins
CREATE TABLE vx_dim (k integer, grp integer, name text);
INSERT INTO vx_dim SELECT g * 10, g % 4, 'dim-' || g FROM generate_series(0, 99) AS g;
INSERT INTO vx_dim VALUES (NULL, 9, 'null key');
SELECT dm.grp, count(*), sum(t.f), avg(t.i4) FROM vx_t t JOIN vx_dim dm ON dm.k = t.i4 WHERE t.f < 100.0 GROUP BY dm.grp ORDER BY dm.grp;
SELECT t.id, t.i4, dm.name FROM vx_t t JOIN vx_dim dm ON dm.k = t.i4 ORDER BY t.id LIMIT 5;
SELECT count(*), count(dm.k), count(dm.name) FROM vx_t t LEFT JOIN vx_dim dm ON dm.k = t.i4;
SELECT t.id, t.i4, dm.name FROM vx_t t LEFT JOIN vx_dim dm ON dm.k = t.i4 WHERE t.id IN (10, 11, 22, 40001) ORDER BY t.id;
SELECT count(*) FROM vx_t t WHERE EXISTS (SELECT 1 FROM vx_dim dm WHERE dm.k = t.i4);
SELECT count(*) FROM vx_t t WHERE NOT EXISTS (SELECT 1 FROM vx_dim dm WHERE dm.k = t.i4);
SELECT count(*) FROM vx_t t JOIN vx_dim dm ON dm.k::bigint = t.i8;
INSERT INTO vx_dim SELECT g * 10, 7, 'dup-' || g FROM generate_series(0, 9) AS g;
SELECT dm.grp, count(*), min(t.id), max(t.id) FROM vx_t t JOIN vx_dim dm ON dm.k = t.i4 GROUP BY dm.grp ORDER BY dm.grp;
SELECT t.id, dm.name FROM vx_t t JOIN vx_dim dm ON dm.k = t.i4 WHERE t.id < 100 ORDER BY t.id, dm.name;
SELECT count(*), count(dm.name) FROM vx_t t LEFT JOIN vx_dim dm ON dm.k = t.i4;
SELECT count(*) FROM vx_t t WHERE t.i4 IN (SELECT k FROM vx_dim);

DROP TABLE vx_t;
DROP TABLE vx_dim;
