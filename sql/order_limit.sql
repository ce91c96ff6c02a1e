-- order_limit: ORDER BY ASC/DESC, NULLS FIRST/LAST defaults, ordinals and output aliases,
-- expressions, multi-key sorts, LIMIT/OFFSET, FETCH FIRST (WITH TIES), and invalid ordinals/limits.
CREATE TABLE ol_t (id integer, name text, score integer);
INSERT INTO ol_t VALUES (1, 'delta', 50), (2, 'alpha', NULL), (3, 'charlie', 70), (4, 'bravo', 50), (5, 'echo', 90), (6, 'Alpha', 10);

SELECT id, score FROM ol_t ORDER BY score, id;
SELECT id, score FROM ol_t ORDER BY score DESC, id;
SELECT id, score FROM ol_t ORDER BY score NULLS FIRST, id;
SELECT id, score FROM ol_t ORDER BY score DESC NULLS LAST, id;
SELECT name FROM ol_t ORDER BY name;
SELECT name FROM ol_t ORDER BY lower(name), name;
SELECT id, name AS n FROM ol_t ORDER BY n DESC;
SELECT id, score FROM ol_t ORDER BY 2 NULLS FIRST, 1 DESC;
SELECT id, score * -1 AS neg FROM ol_t ORDER BY neg NULLS LAST, id;
SELECT id FROM ol_t ORDER BY score IS NULL, id;
SELECT name FROM ol_t ORDER BY id LIMIT 3;
SELECT name FROM ol_t ORDER BY id LIMIT 3 OFFSET 2;
SELECT name FROM ol_t ORDER BY id OFFSET 4;
SELECT name FROM ol_t ORDER BY id LIMIT 0;
SELECT name FROM ol_t ORDER BY id LIMIT ALL;
SELECT name FROM ol_t ORDER BY id LIMIT NULL;
SELECT name FROM ol_t ORDER BY id OFFSET 10;
SELECT name FROM ol_t ORDER BY id FETCH FIRST 2 ROWS ONLY;
SELECT name FROM ol_t ORDER BY id OFFSET 1 ROW FETCH NEXT ROW ONLY;
SELECT id, score FROM ol_t ORDER BY score DESC NULLS LAST FETCH FIRST 3 ROWS WITH TIES;
SELECT id FROM ol_t ORDER BY id LIMIT 2 + 1;
SELECT * FROM (SELECT id, name FROM ol_t ORDER BY id DESC LIMIT 3) AS t ORDER BY id;
SELECT id FROM ol_t ORDER BY 3;
SELECT id FROM ol_t ORDER BY nope;
SELECT id FROM ol_t LIMIT -1;
SELECT id FROM ol_t OFFSET -1;
SELECT id FROM ol_t LIMIT 'a';
SELECT id AS x FROM ol_t ORDER BY x + 1;
DROP TABLE ol_t;
