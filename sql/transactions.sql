-- transactions: BEGIN/COMMIT/ROLLBACK, visibility of uncommitted changes within the
-- transaction, SAVEPOINT / ROLLBACK TO / RELEASE, the aborted-transaction state (25P02) as psql shows it,
-- COMMIT of a failed transaction (reported as ROLLBACK), and misuse warnings.
CREATE TABLE tx_t (id integer PRIMARY KEY, v text);
BEGIN;
INSERT INTO tx_t VALUES (1, 'committed');
SELECT * FROM tx_t ORDER BY id;
COMMIT;
BEGIN;
INSERT INTO tx_t VALUES (2, 'rolled back');
UPDATE tx_t SET v = 'changed' WHERE id = 1;
SELECT * FROM tx_t ORDER BY id;
ROLLBACK;
SELECT * FROM tx_t ORDER BY id;

-- savepoints
BEGIN;
INSERT INTO tx_t VALUES (3, 'kept');
SAVEPOINT sp1;
INSERT INTO tx_t VALUES (4, 'undone');
SELECT id FROM tx_t ORDER BY id;
ROLLBACK TO SAVEPOINT sp1;
SELECT id FROM tx_t ORDER BY id;
SAVEPOINT sp2;
INSERT INTO tx_t VALUES (5, 'released');
RELEASE SAVEPOINT sp2;
SAVEPOINT sp3;
INSERT INTO tx_t VALUES (1, 'duplicate');
SELECT 'ignored';
ROLLBACK TO sp3;
SELECT id FROM tx_t ORDER BY id;
COMMIT;
SELECT * FROM tx_t ORDER BY id;

-- a failed transaction rejects everything until ROLLBACK; COMMIT then rolls back
BEGIN;
INSERT INTO tx_t VALUES (6, 'lost');
SELECT 1 / 0;
SELECT * FROM tx_t;
\echo :SQLSTATE
INSERT INTO tx_t VALUES (7, 'lost too');
COMMIT;
SELECT * FROM tx_t ORDER BY id;

-- statement-level atomicity in autocommit
INSERT INTO tx_t VALUES (8, 'ok'), (1, 'dup');
SELECT count(*) FROM tx_t WHERE id = 8;

-- misuse
COMMIT;
ROLLBACK;
BEGIN;
BEGIN;
SAVEPOINT a;
RELEASE SAVEPOINT a;
ROLLBACK TO SAVEPOINT a;
ROLLBACK;
SAVEPOINT outside;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
END;
BEGIN READ ONLY;
INSERT INTO tx_t VALUES (9, 'read only');
ROLLBACK;
DROP TABLE tx_t;
