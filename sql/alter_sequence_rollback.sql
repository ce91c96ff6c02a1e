-- alter_sequence_rollback: ALTER SEQUENCE is transactional (issue 5). ROLLBACK and ROLLBACK TO SAVEPOINT undo its
-- options; every option but OWNED BY rewrites the sequence, so the position goes back to where the ALTER found it
-- (RESTART and later nextval calls are undone, earlier ones are not); a failed ALTER changes nothing.
CREATE TABLE asr_t (id integer);
CREATE SEQUENCE asr_s;
SELECT nextval('asr_s');
BEGIN;
ALTER SEQUENCE asr_s RESTART 100;
SELECT nextval('asr_s');
ROLLBACK;
SELECT nextval('asr_s');
BEGIN;
SELECT nextval('asr_s');
ALTER SEQUENCE asr_s INCREMENT 10 MAXVALUE 500 CYCLE CACHE 3 START 7;
SELECT nextval('asr_s');
SELECT increment_by, max_value, cycle, cache_size, start_value FROM pg_sequences WHERE sequencename = 'asr_s';
ROLLBACK;
SELECT increment_by, max_value, cycle, cache_size, start_value, last_value FROM pg_sequences WHERE sequencename = 'asr_s';
SELECT nextval('asr_s');
-- OWNED BY alone does not rewrite: nextval after it stays
BEGIN;
ALTER SEQUENCE asr_s OWNED BY asr_t.id;
SELECT nextval('asr_s');
SELECT pg_get_serial_sequence('asr_t', 'id');
ROLLBACK;
SELECT pg_get_serial_sequence('asr_t', 'id');
SELECT nextval('asr_s');
-- AS changes the type and the default bounds with it
BEGIN;
ALTER SEQUENCE asr_s AS smallint;
SELECT data_type, min_value, max_value FROM pg_sequences WHERE sequencename = 'asr_s';
ROLLBACK;
SELECT data_type, min_value, max_value FROM pg_sequences WHERE sequencename = 'asr_s';
-- savepoints
BEGIN;
ALTER SEQUENCE asr_s INCREMENT 2;
SAVEPOINT a;
ALTER SEQUENCE asr_s RESTART 1000;
SELECT nextval('asr_s');
ROLLBACK TO a;
SELECT nextval('asr_s');
COMMIT;
SELECT increment_by, last_value FROM pg_sequences WHERE sequencename = 'asr_s';
-- setval is not transactional
BEGIN;
SELECT setval('asr_s', 50);
ROLLBACK;
SELECT nextval('asr_s');
-- bad options: the sequence stays as it was
ALTER SEQUENCE asr_s INCREMENT 0;
ALTER SEQUENCE asr_s MINVALUE 10 MAXVALUE 5;
ALTER SEQUENCE asr_s RESTART 0;
ALTER SEQUENCE asr_s AS smallint MAXVALUE 100000;
ALTER SEQUENCE asr_s AS text;
ALTER SEQUENCE asr_s CACHE 0;
ALTER SEQUENCE asr_s OWNED BY asr_t.nope;
ALTER SEQUENCE asr_s OWNED BY nope;
ALTER SEQUENCE asr_nope RESTART;
ALTER SEQUENCE asr_t RESTART;
BEGIN;
ALTER SEQUENCE asr_s RESTART 300;
ALTER SEQUENCE asr_s MAXVALUE 10;
ROLLBACK;
SELECT nextval('asr_s');
SELECT increment_by, min_value, max_value, last_value FROM pg_sequences WHERE sequencename = 'asr_s';
DROP SEQUENCE asr_s;
DROP TABLE asr_t;
