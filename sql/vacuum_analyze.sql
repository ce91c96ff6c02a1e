-- vacuum_analyze: VACUUM, ANALYZE and VACUUM ANALYZE (whole database, one table, column
-- lists, parenthesized options) are accepted and change no data; VACUUM inside a transaction block fails.
CREATE TABLE va_t (id integer, v text);
INSERT INTO va_t SELECT g, 'row' || g FROM generate_series(1, 50) AS g;
DELETE FROM va_t WHERE id % 2 = 0;
VACUUM;
VACUUM va_t;
ANALYZE;
ANALYZE va_t;
ANALYZE va_t (v);
VACUUM ANALYZE va_t;
VACUUM (ANALYZE) va_t;
VACUUM (FULL) va_t;
VACUUM FULL va_t;
VACUUM (FREEZE, ANALYZE) va_t (id);
SELECT count(*), min(id), max(id) FROM va_t;
VACUUM va_missing;
ANALYZE va_t (nope);
VACUUM (NOPE) va_t;
BEGIN;
VACUUM va_t;
\echo :SQLSTATE
ROLLBACK;
BEGIN;
ANALYZE va_t;
COMMIT;
SELECT count(*) FROM va_t;
DROP TABLE va_t;
