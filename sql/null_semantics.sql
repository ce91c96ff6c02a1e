-- null_semantics: three-valued logic, NULL in comparisons and arithmetic,
-- IS [NOT] NULL, NOT IN with NULLs, NULLs in aggregates and in ORDER BY.
SELECT NULL = NULL AS eq, NULL <> NULL AS ne, NULL IS NULL AS isnull;
SELECT 1 + NULL AS add, 'a' || NULL AS concat, NULL::int * 0 AS mul;
SELECT true AND NULL AS t_and, false AND NULL AS f_and, true OR NULL AS t_or, false OR NULL AS f_or, NOT NULL::boolean AS n;
SELECT NULL::int IS NOT NULL AS notnull, NULL::boolean IS TRUE AS istrue, NULL::boolean IS NOT FALSE AS notfalse;
SELECT 1 IN (1, NULL) AS in_hit, 2 IN (1, NULL) AS in_miss, 2 NOT IN (1, NULL) AS notin_miss;
SELECT NULL::int IN (1, 2) AS null_in;
SELECT nullif(1, 1) AS same, nullif(1, 2) AS different;
SELECT ROW(1, NULL) IS NULL AS row_null, ROW(NULL, NULL) IS NULL AS all_null;

CREATE TABLE ns_t (id integer, v integer);
INSERT INTO ns_t VALUES (1, 10), (2, NULL), (3, 30), (4, NULL);

SELECT id FROM ns_t WHERE v IS NULL ORDER BY id;
SELECT id FROM ns_t WHERE v IS NOT NULL ORDER BY id;
SELECT id FROM ns_t WHERE v = NULL ORDER BY id;
SELECT id FROM ns_t WHERE v <> 10 ORDER BY id;
SELECT id FROM ns_t WHERE id NOT IN (SELECT v FROM ns_t) ORDER BY id;
SELECT id FROM ns_t WHERE id NOT IN (SELECT v FROM ns_t WHERE v IS NOT NULL) ORDER BY id;
SELECT count(*) AS all_rows, count(v) AS non_null, sum(v), avg(v), min(v), max(v) FROM ns_t;
SELECT sum(v) FROM ns_t WHERE v IS NULL;
SELECT id, v FROM ns_t ORDER BY v, id;
SELECT id, v FROM ns_t ORDER BY v DESC, id;
SELECT v, count(*) FROM ns_t GROUP BY v ORDER BY v;
SELECT DISTINCT v FROM ns_t ORDER BY v;
SELECT id, v IS NULL AS missing, coalesce(v, -1) AS filled FROM ns_t ORDER BY id;

DROP TABLE ns_t;
