-- comment_rollback: COMMENT ON is transactional (issue 5): ROLLBACK and ROLLBACK TO SAVEPOINT put back the comment of
-- tables, columns, indexes, views and their columns, sequences, constraints and schemas; an empty comment removes it;
-- errors for wrong object kinds and unknown names.
CREATE SCHEMA cmr_sch;
CREATE TABLE cmr_t (id integer PRIMARY KEY, v integer CONSTRAINT cmr_chk CHECK (v > 0));
CREATE INDEX cmr_i ON cmr_t (v);
CREATE VIEW cmr_v AS SELECT id AS a FROM cmr_t;
CREATE SEQUENCE cmr_s;
COMMENT ON TABLE cmr_t IS 'table';
COMMENT ON COLUMN cmr_t.v IS 'column';
COMMENT ON SCHEMA cmr_sch IS 'schema';
BEGIN;
COMMENT ON TABLE cmr_t IS 'table 2';
COMMENT ON COLUMN cmr_t.v IS NULL;
COMMENT ON COLUMN cmr_t.id IS 'id';
COMMENT ON INDEX cmr_i IS 'index';
COMMENT ON VIEW cmr_v IS 'view';
COMMENT ON COLUMN cmr_v.a IS 'view column';
COMMENT ON SEQUENCE cmr_s IS 'sequence';
COMMENT ON CONSTRAINT cmr_chk ON cmr_t IS 'check';
COMMENT ON SCHEMA cmr_sch IS 'schema 2';
SELECT c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
WHERE d.classoid = 'pg_class'::regclass AND c.relname LIKE 'cmr%' ORDER BY 1, 2;
SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'cmr_chk';
SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'cmr_sch';
ROLLBACK;
SELECT c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
WHERE d.classoid = 'pg_class'::regclass AND c.relname LIKE 'cmr%' ORDER BY 1, 2;
SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'cmr_chk';
SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'cmr_sch';
-- savepoints: the comment before the savepoint stays
BEGIN;
COMMENT ON TABLE cmr_t IS 'a';
SAVEPOINT s;
COMMENT ON TABLE cmr_t IS 'b';
COMMENT ON SCHEMA cmr_sch IS 'b';
COMMENT ON CONSTRAINT cmr_chk ON cmr_t IS 'b';
ROLLBACK TO s;
COMMENT ON COLUMN cmr_v.a IS 'kept';
COMMIT;
SELECT obj_description('cmr_t'::regclass, 'pg_class'), col_description('cmr_v'::regclass, 1),
    obj_description((SELECT oid FROM pg_constraint WHERE conname = 'cmr_chk'), 'pg_constraint'),
    obj_description('cmr_sch'::regnamespace, 'pg_namespace');
-- an empty comment is no comment
COMMENT ON TABLE cmr_t IS '';
SELECT obj_description('cmr_t'::regclass, 'pg_class') IS NULL AS removed;
-- a failed statement leaves the comments as they were
BEGIN;
COMMENT ON TABLE cmr_t IS 'doomed';
COMMENT ON TABLE cmr_nope IS 'x';
ROLLBACK;
SELECT obj_description('cmr_t'::regclass, 'pg_class') IS NULL AS still_removed;
-- errors
COMMENT ON TABLE cmr_v IS 'x';
COMMENT ON VIEW cmr_t IS 'x';
COMMENT ON INDEX cmr_t IS 'x';
COMMENT ON SEQUENCE cmr_t IS 'x';
COMMENT ON MATERIALIZED VIEW cmr_t IS 'x';
COMMENT ON COLUMN cmr_t.nope IS 'x';
COMMENT ON COLUMN cmr_nope.v IS 'x';
COMMENT ON COLUMN v IS 'x';
COMMENT ON COLUMN cmr_s.last_value IS 'x';
COMMENT ON COLUMN cmr_i.v IS 'x';
COMMENT ON SCHEMA cmr_nope IS 'x';
COMMENT ON CONSTRAINT cmr_nope ON cmr_t IS 'x';
COMMENT ON CONSTRAINT cmr_chk ON cmr_nope IS 'x';
COMMENT ON DATABASE cmr_nodb IS 'x';
DROP VIEW cmr_v;
DROP TABLE cmr_t;
DROP SEQUENCE cmr_s;
DROP SCHEMA cmr_sch;
