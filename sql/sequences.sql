-- sequences: CREATE SEQUENCE options, nextval/currval/setval/lastval, cycling,
-- exhaustion errors, ALTER SEQUENCE RESTART, sequences as column defaults, and DROP SEQUENCE.
CREATE SEQUENCE sq_a;
SELECT nextval('sq_a'), nextval('sq_a'), currval('sq_a');
SELECT lastval();
SELECT setval('sq_a', 100);
SELECT nextval('sq_a');
SELECT setval('sq_a', 200, false);
SELECT nextval('sq_a');
SELECT last_value, is_called FROM sq_a;

CREATE SEQUENCE sq_b START WITH 10 INCREMENT BY -3 MINVALUE 1 MAXVALUE 10;
SELECT nextval('sq_b'), nextval('sq_b'), nextval('sq_b'), nextval('sq_b');
SELECT nextval('sq_b');
CREATE SEQUENCE sq_c START 1 MAXVALUE 2 CYCLE;
SELECT nextval('sq_c'), nextval('sq_c'), nextval('sq_c');
CREATE SEQUENCE sq_d;
SELECT currval('sq_d');
SELECT nextval('sq_missing');
CREATE SEQUENCE sq_a;
CREATE SEQUENCE IF NOT EXISTS sq_a;
CREATE SEQUENCE sq_bad INCREMENT 0;
CREATE SEQUENCE sq_bad2 START 0;

ALTER SEQUENCE sq_a RESTART WITH 5;
SELECT nextval('sq_a');
ALTER SEQUENCE sq_a INCREMENT BY 10;
SELECT nextval('sq_a'), nextval('sq_a');
SELECT sequencename, start_value, min_value, max_value, increment_by, cycle FROM pg_sequences
WHERE sequencename LIKE 'sq\_%' ORDER BY sequencename;

CREATE TABLE sq_t (id bigint DEFAULT nextval('sq_d'), v text);
INSERT INTO sq_t (v) VALUES ('x'), ('y');
SELECT * FROM sq_t ORDER BY id;
DROP SEQUENCE sq_d;
DROP TABLE sq_t;
DROP SEQUENCE sq_d;
DROP SEQUENCE sq_a, sq_b, sq_c;
DROP SEQUENCE IF EXISTS sq_a;
