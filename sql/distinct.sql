-- distinct: SELECT DISTINCT over one and several columns (NULLs compare equal),
-- DISTINCT ON with ORDER BY (first row per group), count(DISTINCT), and the DISTINCT ON/ORDER BY mismatch error.
CREATE TABLE di_t (id integer, grp text, v integer);
INSERT INTO di_t VALUES (1, 'a', 1), (2, 'a', 1), (3, 'a', 2), (4, 'b', NULL), (5, 'b', NULL), (6, NULL, 3), (7, NULL, 3);

SELECT DISTINCT grp FROM di_t ORDER BY grp;
SELECT DISTINCT grp, v FROM di_t ORDER BY grp, v;
SELECT DISTINCT v FROM di_t ORDER BY v NULLS FIRST;
SELECT count(DISTINCT grp), count(DISTINCT v), count(DISTINCT (grp, v)) FROM di_t;
SELECT DISTINCT ON (grp) grp, id, v FROM di_t ORDER BY grp, id;
SELECT DISTINCT ON (grp) grp, id, v FROM di_t ORDER BY grp, id DESC;
SELECT DISTINCT ON (grp, v) grp, v, id FROM di_t ORDER BY grp, v, id;
SELECT DISTINCT ON (v IS NULL) v IS NULL AS missing, id FROM di_t ORDER BY v IS NULL, id;
SELECT DISTINCT ON (1) grp, id FROM di_t ORDER BY 1, 2 DESC;
SELECT DISTINCT v % 2 AS parity FROM di_t WHERE v IS NOT NULL ORDER BY parity;
SELECT ALL grp FROM di_t ORDER BY grp, id;
SELECT DISTINCT ON (grp) grp, id FROM di_t ORDER BY id;
SELECT DISTINCT grp FROM di_t ORDER BY id;
DROP TABLE di_t;
