-- delete: DELETE with and without WHERE, subqueries, NULL predicates,
-- deleting nothing, table aliases, and re-inserting deleted keys.
CREATE TABLE de_t (id integer PRIMARY KEY, grp text, v integer);
INSERT INTO de_t SELECT g, CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END, g * 10 FROM generate_series(1, 10) AS g;
INSERT INTO de_t VALUES (11, NULL, NULL);
DELETE FROM de_t WHERE id = 1;
DELETE FROM de_t WHERE grp = 'even' AND v > 60;
SELECT * FROM de_t ORDER BY id;
DELETE FROM de_t WHERE v = NULL;
DELETE FROM de_t WHERE v IS NULL;
DELETE FROM de_t WHERE id IN (SELECT id FROM de_t WHERE v < 40);
DELETE FROM de_t d WHERE d.v = (SELECT max(v) FROM de_t);
DELETE FROM de_t WHERE id > 1000;
SELECT * FROM de_t ORDER BY id;
INSERT INTO de_t VALUES (1, 'back', 1);
SELECT id, grp FROM de_t WHERE id = 1;
DELETE FROM de_t WHERE nope = 1;
DELETE FROM de_missing;
DELETE FROM de_t;
SELECT count(*) FROM de_t;
DROP TABLE de_t;
