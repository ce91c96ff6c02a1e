-- insert: INSERT with column lists, multi-row VALUES, DEFAULT VALUES, INSERT ... SELECT,
-- implicit casts of literals, too many/too few values, and unknown columns.
CREATE TABLE in_t (id integer, name text DEFAULT 'anon', score numeric(5,1), at date);
INSERT INTO in_t VALUES (1, 'a', 1.25, '2024-01-01');
INSERT INTO in_t (id) VALUES (2);
INSERT INTO in_t (name, id) VALUES ('c', 3);
INSERT INTO in_t VALUES (4, DEFAULT, DEFAULT, DEFAULT);
INSERT INTO in_t DEFAULT VALUES;
INSERT INTO in_t VALUES (5, 'e', '7.77', '2024-02-02'), (6, 'f', 8, NULL), (7, NULL, -0.05, '2024-03-03');
INSERT INTO in_t VALUES (8);
SELECT * FROM in_t ORDER BY id NULLS FIRST;
INSERT INTO in_t VALUES (9, 'x', 1, '2024-01-01', 'extra');
INSERT INTO in_t (id, name) VALUES (10);
INSERT INTO in_t (id, name) VALUES (10, 'x', 'y');
INSERT INTO in_t (id, nope) VALUES (11, 1);
INSERT INTO in_t (id, id) VALUES (12, 12);
INSERT INTO in_missing VALUES (1);
INSERT INTO in_t (id, score) VALUES (13, 'abc');
INSERT INTO in_t (id, score) VALUES (14, 12345.6);
INSERT INTO in_t (id, at) VALUES (15, 'not a date');
INSERT INTO in_t VALUES (16, 'ok'), (17, 'bad', 'x');
SELECT count(*) FROM in_t;

CREATE TABLE in_copy (id integer, name text);
INSERT INTO in_copy SELECT id, name FROM in_t WHERE id <= 3 ORDER BY id;
INSERT INTO in_copy (id) SELECT max(id) + 100 FROM in_t;
INSERT INTO in_copy SELECT * FROM (VALUES (50, 'fifty'), (51, 'fifty-one')) AS v;
INSERT INTO in_copy SELECT g, 'gen' || g FROM generate_series(60, 62) AS g;
SELECT * FROM in_copy ORDER BY id;
INSERT INTO in_copy SELECT * FROM in_t;
INSERT INTO in_copy VALUES (1, 2);
SELECT * FROM in_copy WHERE id = 1 ORDER BY name;
WITH src AS (SELECT 70 AS id, 'cte' AS name) INSERT INTO in_copy SELECT * FROM src;
SELECT count(*) FROM in_copy;
DROP TABLE in_t, in_copy;
