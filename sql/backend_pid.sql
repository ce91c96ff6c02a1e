-- backend_pid: pg_backend_pid() is the session's backend pid, the one pg_stat_activity and pg_locks show;
-- pg_cancel_backend / pg_terminate_backend on oneself, on a pid that is no backend, and with bad arguments.
CREATE TABLE bp_t (id integer);
SELECT pid = pg_backend_pid() AS same_pid, datname, usename, application_name, state, query, backend_type,
    backend_start <= query_start AS started_before, xact_start IS NOT NULL AS in_xact
FROM pg_stat_activity WHERE pid = pg_backend_pid();
BEGIN;
LOCK TABLE bp_t IN SHARE MODE;
SELECT mode, granted FROM pg_locks WHERE pid = pg_backend_pid() AND relation = 'bp_t'::regclass;
SELECT state, xact_start <= query_start AS xact_first FROM pg_stat_activity WHERE pid = pg_backend_pid();
COMMIT;
SELECT pg_cancel_backend(1);
SELECT pg_terminate_backend(1);
SELECT pg_terminate_backend(1, -5);
SELECT pg_cancel_backend(NULL), pg_terminate_backend(NULL);
SELECT pg_cancel_backend(pg_backend_pid());
SELECT pg_cancel_backend('x');
SELECT 'still here' AS after_cancel;
DROP TABLE bp_t;
