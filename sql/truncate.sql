-- truncate: TRUNCATE one and several tables, RESTART IDENTITY vs CONTINUE IDENTITY,
-- foreign-key references (0A000 unless CASCADE), and TRUNCATE inside a rolled-back transaction.
CREATE TABLE tr_parent (id serial PRIMARY KEY, v text);
CREATE TABLE tr_child (id integer, parent_id integer REFERENCES tr_parent (id));
CREATE TABLE tr_other (x integer);
INSERT INTO tr_parent (v) VALUES ('a'), ('b'), ('c');
INSERT INTO tr_child VALUES (1, 1);
INSERT INTO tr_other VALUES (1), (2);
TRUNCATE tr_other;
SELECT count(*) FROM tr_other;
TRUNCATE tr_parent;
TRUNCATE tr_parent, tr_child;
SELECT count(*) FROM tr_parent;
INSERT INTO tr_parent (v) VALUES ('d');
SELECT * FROM tr_parent;
TRUNCATE TABLE tr_parent RESTART IDENTITY CASCADE;
INSERT INTO tr_parent (v) VALUES ('e');
SELECT * FROM tr_parent;
INSERT INTO tr_parent (v) VALUES ('f');
TRUNCATE tr_parent CONTINUE IDENTITY CASCADE;
INSERT INTO tr_parent (v) VALUES ('g');
SELECT * FROM tr_parent;
BEGIN;
TRUNCATE tr_parent CASCADE;
SELECT count(*) FROM tr_parent;
ROLLBACK;
SELECT count(*) FROM tr_parent;
TRUNCATE tr_missing;
DROP TABLE tr_child, tr_parent, tr_other;
