-- alter_table_rollback: ROLLBACK, ROLLBACK TO SAVEPOINT and a failed statement undo ALTER TABLE completely (issue 5):
-- ADD COLUMN leaves no dropped column behind (the next ADD COLUMN reuses its attnum), ALTER COLUMN TYPE gives every
-- row back its value and type, defaults, NOT NULL, constraints and indexes come back.
CREATE TABLE atr_t (id integer PRIMARY KEY, v text DEFAULT 'd', w numeric(6,2) NOT NULL);
INSERT INTO atr_t VALUES (1, 'one', 1.5), (2, NULL, 2.25), (3, '33', 3);

BEGIN;
ALTER TABLE atr_t ADD COLUMN n integer DEFAULT 7;
INSERT INTO atr_t VALUES (4, 'four', 4, 40);
ALTER TABLE atr_t ALTER COLUMN w TYPE integer;
UPDATE atr_t SET w = w * 10 WHERE id > 1;
DELETE FROM atr_t WHERE id = 3;
ALTER TABLE atr_t ALTER COLUMN v TYPE varchar(4);
ALTER TABLE atr_t ALTER COLUMN v DROP DEFAULT;
ALTER TABLE atr_t ALTER COLUMN w DROP NOT NULL;
ALTER TABLE atr_t ADD CONSTRAINT atr_n CHECK (n > 0);
ALTER TABLE atr_t ADD CONSTRAINT atr_v UNIQUE (v);
CREATE INDEX atr_w ON atr_t (w);
SELECT * FROM atr_t ORDER BY id;
ROLLBACK;
SELECT *, pg_typeof(v) AS v_type, pg_typeof(w) AS w_type FROM atr_t ORDER BY id;
SELECT attnum, attname, format_type(atttypid, atttypmod), attnotnull, atthasdef, attisdropped
FROM pg_attribute WHERE attrelid = 'atr_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'atr_t'::regclass ORDER BY 1;
SELECT relname FROM pg_class WHERE relname LIKE 'atr%' ORDER BY 1;

-- savepoints: work before the savepoint stays, the ALTERs after it go
BEGIN;
INSERT INTO atr_t VALUES (5, 'five', 5.5);
SAVEPOINT s1;
ALTER TABLE atr_t ALTER COLUMN v DROP DEFAULT;
ALTER TABLE atr_t ALTER COLUMN v TYPE integer USING length(v);
ALTER TABLE atr_t ADD COLUMN m text DEFAULT 'm';
INSERT INTO atr_t VALUES (6, 6, 6, 'six');
UPDATE atr_t SET v = v + 100;
SELECT * FROM atr_t ORDER BY id;
ROLLBACK TO SAVEPOINT s1;
SELECT *, pg_typeof(v) AS v_type FROM atr_t ORDER BY id;
SAVEPOINT s2;
ALTER TABLE atr_t ALTER COLUMN w TYPE numeric(8,3);
RELEASE SAVEPOINT s2;
ALTER TABLE atr_t ADD COLUMN n integer;
INSERT INTO atr_t VALUES (7, 'seven', 7, 70);
COMMIT;
SELECT * FROM atr_t ORDER BY id;
SELECT attnum, attname, format_type(atttypid, atttypmod), attisdropped
FROM pg_attribute WHERE attrelid = 'atr_t'::regclass AND attnum > 0 ORDER BY attnum;

-- a failed ALTER changes nothing
ALTER TABLE atr_t ALTER COLUMN v TYPE integer;
ALTER TABLE atr_t ALTER COLUMN w TYPE numeric(2,2);
ALTER TABLE atr_t ADD COLUMN bad integer NOT NULL;
BEGIN;
ALTER TABLE atr_t ADD COLUMN s serial;
SELECT id, s FROM atr_t ORDER BY id;
SELECT 1 / 0;
ROLLBACK;
SELECT * FROM atr_t ORDER BY id;
SELECT attnum, attname, format_type(atttypid, atttypmod), attisdropped
FROM pg_attribute WHERE attrelid = 'atr_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT relname FROM pg_class WHERE relname LIKE 'atr%' ORDER BY 1;
DROP TABLE atr_t;
