-- aggregates: count/sum/avg/min/max, bool_and/bool_or, string_agg, array_agg,
-- stddev/variance, FILTER (WHERE ...), DISTINCT and ORDER BY inside aggregates, empty input, and result types.
CREATE TABLE ag_t (id integer, grp text, v integer, f float8, s text, ok boolean);
INSERT INTO ag_t VALUES
  (1, 'x', 10, 1.5, 'b', true), (2, 'x', 20, 2.5, 'a', true), (3, 'y', 30, NULL, 'c', false),
  (4, 'y', NULL, 4.0, NULL, NULL), (5, 'z', 10, 0.5, 'a', true), (6, 'x', 20, 1.0, 'd', false);

SELECT count(*), count(v), count(DISTINCT v), sum(v), avg(v), min(v), max(v) FROM ag_t;
SELECT sum(f), avg(f), min(s), max(s) FROM ag_t;
SELECT pg_typeof(sum(v)) AS sum_int, pg_typeof(avg(v)) AS avg_int, pg_typeof(sum(f)) AS sum_float, pg_typeof(count(*)) AS cnt FROM ag_t;
SELECT bool_and(ok), bool_or(ok), every(ok) FROM ag_t;
SELECT string_agg(s, ',') FILTER (WHERE s IS NOT NULL) IS NOT NULL AS has_agg, string_agg(s, ',' ORDER BY s) AS sorted,
       string_agg(DISTINCT s, '|' ORDER BY s) AS distinct_sorted FROM ag_t;
SELECT array_agg(v ORDER BY id) AS by_id, array_agg(DISTINCT v) AS distinct_v, array_agg(s ORDER BY s NULLS FIRST) AS with_nulls FROM ag_t;
SELECT stddev(v), stddev_pop(v), variance(v), var_pop(v), stddev_samp(f), var_samp(f) FROM ag_t;
SELECT count(*) FILTER (WHERE v > 10) AS big, sum(v) FILTER (WHERE grp = 'x') AS x_sum, avg(f) FILTER (WHERE ok) AS ok_avg FROM ag_t;
SELECT sum(DISTINCT v) AS sum_distinct, count(DISTINCT grp) AS groups, avg(DISTINCT v) AS avg_distinct FROM ag_t;
SELECT grp, count(*), sum(v), string_agg(s, '' ORDER BY s DESC) AS rev FROM ag_t GROUP BY grp ORDER BY grp;

-- empty input
SELECT count(*), count(v), sum(v), avg(v), max(v), bool_and(ok), string_agg(s, ','), array_agg(v) FROM ag_t WHERE false;
SELECT grp, count(*) FROM ag_t WHERE false GROUP BY grp;

-- big sums widen
SELECT sum(x) AS int_sum, sum(x::bigint) AS big_sum, pg_typeof(sum(x::bigint)) AS big_type
FROM (VALUES (2147483647), (2147483647)) AS v(x);
SELECT avg(x)::numeric(10,3), sum(x) FROM (VALUES (1.0), (2.0), (2.5)) AS v(x);
SELECT min(x), max(x) FROM (VALUES ('2024-01-02'::date), ('2023-05-06'::date)) AS v(x);

-- errors
SELECT sum(s) FROM ag_t;
SELECT avg(ok) FROM ag_t;
SELECT id, count(*) FROM ag_t;
SELECT count(*) FROM ag_t WHERE count(*) > 1;
SELECT sum(count(*)) FROM ag_t;
SELECT string_agg(v, ',') FROM ag_t;
DROP TABLE ag_t;
