-- cte: WITH queries: single and multiple CTEs, CTEs referencing earlier CTEs, column lists,
-- MATERIALIZED / NOT MATERIALIZED, data-modifying CTEs, CTE name shadowing and errors.
CREATE TABLE ce_t (id integer, grp text, v integer);
INSERT INTO ce_t VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 30), (4, 'c', 40);

WITH totals AS (SELECT grp, sum(v) AS total FROM ce_t GROUP BY grp)
SELECT grp, total FROM totals ORDER BY grp;
WITH totals AS (SELECT grp, sum(v) AS total FROM ce_t GROUP BY grp),
     big AS (SELECT grp FROM totals WHERE total > 25)
SELECT t.grp, t.total FROM totals t JOIN big USING (grp) ORDER BY t.grp;
WITH nums (n, sq) AS (VALUES (1, 1), (2, 4), (3, 9)) SELECT n, sq FROM nums ORDER BY n;
WITH x AS (SELECT 1 AS a) SELECT * FROM x, x AS y;
WITH m AS MATERIALIZED (SELECT id FROM ce_t WHERE v > 15) SELECT count(*) FROM m;
WITH m AS NOT MATERIALIZED (SELECT id FROM ce_t WHERE v > 15) SELECT id FROM m ORDER BY id;
WITH ce_t AS (SELECT 99 AS id) SELECT id FROM ce_t;
SELECT (WITH inner_cte AS (SELECT max(v) AS m FROM ce_t) SELECT m FROM inner_cte) AS scalar_with;
WITH a AS (SELECT 1 AS n) SELECT * FROM (WITH b AS (SELECT n + 1 AS n FROM a) SELECT n FROM b) AS nested;
WITH unused AS (SELECT 1 / 0) SELECT 'not evaluated' AS msg;

-- data-modifying CTEs
WITH removed AS (DELETE FROM ce_t WHERE grp = 'c' RETURNING *)
INSERT INTO ce_t SELECT id + 100, 'moved', v FROM removed;
SELECT * FROM ce_t ORDER BY id;
WITH upd AS (UPDATE ce_t SET v = v + 1 WHERE grp = 'a' RETURNING id, v) SELECT id, v FROM upd ORDER BY id;
WITH ins AS (INSERT INTO ce_t VALUES (5, 'd', 50) RETURNING id) SELECT count(*) AS before_insert_visible FROM ce_t WHERE id = 5;
SELECT count(*) AS after FROM ce_t WHERE id = 5;

-- errors
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x;
WITH x (a, b) AS (SELECT 1) SELECT * FROM x;
WITH x AS (SELECT 1 AS a) SELECT b FROM x;
SELECT * FROM missing_cte;
DROP TABLE ce_t;
