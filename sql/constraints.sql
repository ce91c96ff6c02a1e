-- constraints: NOT NULL (23502), PRIMARY KEY / UNIQUE (23505), CHECK (23514),
-- FOREIGN KEY (23503) with ON DELETE CASCADE / SET NULL / RESTRICT, named constraints and error details.
CREATE TABLE cn_parent (id integer PRIMARY KEY, code text UNIQUE, qty integer CHECK (qty >= 0));
INSERT INTO cn_parent VALUES (1, 'a', 5), (2, 'b', 0), (3, 'c', 10);
INSERT INTO cn_parent VALUES (NULL, 'd', 1);
\echo :SQLSTATE
INSERT INTO cn_parent VALUES (1, 'e', 1);
\echo :SQLSTATE
INSERT INTO cn_parent VALUES (4, 'a', 1);
\echo :SQLSTATE
INSERT INTO cn_parent VALUES (4, 'e', -1);
\echo :SQLSTATE
INSERT INTO cn_parent VALUES (4, NULL, NULL), (5, NULL, NULL);
UPDATE cn_parent SET id = 1 WHERE id = 2;
UPDATE cn_parent SET qty = qty - 6 WHERE id = 1;
SELECT * FROM cn_parent ORDER BY id;

CREATE TABLE cn_named (
  a integer CONSTRAINT a_positive CHECK (a > 0),
  b integer NOT NULL,
  c integer,
  CONSTRAINT b_lt_c CHECK (b < c),
  CONSTRAINT ab_unique UNIQUE (a, b)
);
INSERT INTO cn_named VALUES (0, 1, 2);
INSERT INTO cn_named VALUES (1, NULL, 2);
INSERT INTO cn_named VALUES (1, 3, 2);
INSERT INTO cn_named VALUES (1, 1, NULL);
INSERT INTO cn_named VALUES (1, 1, 5);
INSERT INTO cn_named VALUES (1, 1, 6);
SELECT * FROM cn_named ORDER BY a, b;

CREATE TABLE cn_cascade (id integer PRIMARY KEY, parent_id integer REFERENCES cn_parent (id) ON DELETE CASCADE);
CREATE TABLE cn_setnull (id integer PRIMARY KEY, parent_id integer REFERENCES cn_parent ON DELETE SET NULL);
CREATE TABLE cn_restrict (id integer PRIMARY KEY, parent_code text REFERENCES cn_parent (code) ON DELETE RESTRICT);
INSERT INTO cn_cascade VALUES (10, 1), (11, 1), (12, 2);
INSERT INTO cn_setnull VALUES (20, 1), (21, 3);
INSERT INTO cn_restrict VALUES (30, 'c');
INSERT INTO cn_cascade VALUES (13, 99);
\echo :SQLSTATE
INSERT INTO cn_cascade VALUES (14, NULL);
DELETE FROM cn_parent WHERE id = 1;
SELECT * FROM cn_cascade ORDER BY id;
SELECT * FROM cn_setnull ORDER BY id;
DELETE FROM cn_parent WHERE id = 3;
\echo :SQLSTATE
UPDATE cn_parent SET code = 'z' WHERE id = 3;
UPDATE cn_parent SET id = 200 WHERE id = 2;
SELECT * FROM cn_parent ORDER BY id;
DROP TABLE cn_parent;
DROP TABLE cn_cascade, cn_setnull, cn_restrict, cn_named, cn_parent;
