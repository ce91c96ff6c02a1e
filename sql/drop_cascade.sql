-- drop_cascade: DROP TABLE/VIEW/SEQUENCE/SCHEMA with dependents: the 2BP01 error and its DETAIL,
-- CASCADE notices, RESTRICT, IF EXISTS, and dropping several objects at once.
CREATE TABLE dc_base (id integer PRIMARY KEY, v text);
CREATE VIEW dc_view AS SELECT id, v FROM dc_base WHERE id > 0;
CREATE VIEW dc_view2 AS SELECT id FROM dc_view;
CREATE TABLE dc_child (id integer, base_id integer REFERENCES dc_base (id));
INSERT INTO dc_base VALUES (1, 'one');
INSERT INTO dc_child VALUES (1, 1);
DROP TABLE dc_base;
DROP TABLE dc_base RESTRICT;
DROP VIEW dc_view;
DROP TABLE dc_base CASCADE;
SELECT * FROM dc_view;
SELECT id, base_id FROM dc_child;
INSERT INTO dc_child VALUES (2, 999);
SELECT count(*) FROM dc_child;

CREATE SCHEMA dc_schema;
CREATE TABLE dc_schema.t1 (a integer);
CREATE SEQUENCE dc_schema.s1;
DROP SCHEMA dc_schema;
DROP SCHEMA dc_schema CASCADE;
DROP SCHEMA IF EXISTS dc_schema;

CREATE SEQUENCE dc_seq;
CREATE TABLE dc_uses_seq (id integer DEFAULT nextval('dc_seq'));
DROP SEQUENCE dc_seq;
DROP SEQUENCE dc_seq CASCADE;
INSERT INTO dc_uses_seq DEFAULT VALUES;
SELECT id FROM dc_uses_seq;

CREATE TABLE dc_a (x integer);
CREATE TABLE dc_b (x integer);
DROP TABLE dc_a, dc_missing, dc_b;
DROP TABLE IF EXISTS dc_a, dc_missing, dc_b;
DROP TABLE dc_child, dc_uses_seq;
DROP VIEW IF EXISTS dc_view;
DROP TABLE dc_a;
