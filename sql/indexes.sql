-- indexes: CREATE INDEX (named, unnamed, multi-column, expression, partial), IF NOT EXISTS,
-- CREATE UNIQUE INDEX enforcing uniqueness (and failing on existing duplicates), pg_indexes, DROP INDEX.
CREATE TABLE ix_t (id integer, email text, a integer, b integer);
INSERT INTO ix_t SELECT g, 'user' || g || '@example.com', g % 10, g % 3 FROM generate_series(1, 100) AS g;
CREATE INDEX ix_t_a ON ix_t (a);
CREATE INDEX ON ix_t (b);
CREATE INDEX ix_t_ab ON ix_t (a, b DESC);
CREATE INDEX ix_t_lower ON ix_t (lower(email));
CREATE INDEX ix_t_partial ON ix_t (id) WHERE a = 0;
CREATE INDEX ix_t_a ON ix_t (b);
CREATE INDEX IF NOT EXISTS ix_t_a ON ix_t (b);
CREATE INDEX ix_bad ON ix_t (nope);
CREATE INDEX ix_bad ON ix_missing (a);
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ix_t' ORDER BY indexname;
SELECT count(*) FROM ix_t WHERE a = 3;
SELECT id FROM ix_t WHERE lower(email) = 'user42@example.com';
SELECT id FROM ix_t WHERE a = 0 AND id > 50 ORDER BY id;

CREATE UNIQUE INDEX ix_t_email ON ix_t (email);
INSERT INTO ix_t VALUES (101, 'user1@example.com', 1, 1);
\echo :SQLSTATE
INSERT INTO ix_t VALUES (101, NULL, 1, 1), (102, NULL, 1, 1);
-- exactly one duplicated key: which of several PostgreSQL names depends on its sort's internals
CREATE TABLE ix_dup (k integer);
INSERT INTO ix_dup VALUES (1), (2), (3), (2);
CREATE UNIQUE INDEX ix_dup_k ON ix_dup (k);
DROP TABLE ix_dup;
CREATE UNIQUE INDEX ix_t_id ON ix_t (id);
INSERT INTO ix_t VALUES (5, 'new@example.com', 0, 0);
UPDATE ix_t SET id = 1 WHERE id = 2;
SELECT count(*) FROM ix_t;
DROP INDEX ix_t_a;
DROP INDEX ix_t_a;
DROP INDEX IF EXISTS ix_t_a;
DROP INDEX ix_t_ab, ix_t_lower, ix_t_partial;
SELECT indexname FROM pg_indexes WHERE tablename = 'ix_t' ORDER BY indexname;
DROP TABLE ix_t;
SELECT count(*) FROM pg_indexes WHERE tablename = 'ix_t';
