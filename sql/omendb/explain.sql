-- explain: EXPLAIN [ANALYZE] [VERBOSE] and EXPLAIN (options) print OmenDb's physical plan with estimated rows,
-- and with ANALYZE the actual rows and loops per operator (TIMING OFF keeps the output stable). OmenDb-only output.
CREATE TABLE ex_t (id integer, grp text, v integer);
INSERT INTO ex_t SELECT g, CASE WHEN g % 3 = 0 THEN 'a' WHEN g % 3 = 1 THEN 'b' ELSE 'c' END, g * 10 FROM generate_series(1, 30) AS g;
EXPLAIN SELECT * FROM ex_t;
EXPLAIN SELECT id FROM ex_t WHERE v > 100 ORDER BY id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM ex_t GROUP BY grp ORDER BY grp;
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) SELECT grp, count(*), sum(v) FROM ex_t WHERE id > 3 GROUP BY grp ORDER BY grp;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT a.id FROM ex_t a JOIN ex_t b ON a.id = b.v / 10 WHERE b.v > 250;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, v * 2 AS twice, row_number() OVER (PARTITION BY grp ORDER BY v) AS rn FROM ex_t;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM ex_t LIMIT 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO ex_t VALUES (31, 'a', 310);
SELECT count(*) AS after_explain_analyze_insert FROM ex_t;
EXPLAIN (ANALYZE, TIMING OFF) SELECT 1 WHERE false \g /dev/null
-- errors
EXPLAIN (TIMING) SELECT 1;
EXPLAIN (BOGUS) SELECT 1;
EXPLAIN (FORMAT XML2) SELECT 1;
EXPLAIN (FORMAT JSON) SELECT 1;
EXPLAIN (ANALYZE maybe) SELECT 1;
EXPLAIN SELECT * FROM ex_missing;
DROP TABLE ex_t;
