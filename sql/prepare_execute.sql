-- prepare_execute: SQL-level PREPARE / EXECUTE / DEALLOCATE with typed and inferred
-- parameters, DML statements, pg_prepared_statements, and wrong argument counts/types.
CREATE TABLE pe_t (id integer PRIMARY KEY, name text, qty integer);
INSERT INTO pe_t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
PREPARE pe_by_id (integer) AS SELECT id, name FROM pe_t WHERE id = $1;
EXECUTE pe_by_id(2);
EXECUTE pe_by_id(99);
EXECUTE pe_by_id('3');
PREPARE pe_inferred AS SELECT name, qty FROM pe_t WHERE qty > $1 ORDER BY id;
EXECUTE pe_inferred(15);
PREPARE pe_two (text, integer) AS SELECT $1 || ':' || $2 AS joined, pg_typeof($2) AS t;
EXECUTE pe_two('x', 7);
PREPARE pe_ins (integer, text, integer) AS INSERT INTO pe_t VALUES ($1, $2, $3);
EXECUTE pe_ins(4, 'd', 40);
EXECUTE pe_ins(5, 'e', NULL);
PREPARE pe_upd AS UPDATE pe_t SET qty = qty + $2 WHERE id = $1 RETURNING id, qty;
EXECUTE pe_upd(1, 5);
SELECT * FROM pe_t ORDER BY id;
PREPARE pe_expr AS SELECT $1::numeric * 2 AS doubled, $2::date + 1 AS next_day;
EXECUTE pe_expr(1.25, '2024-02-28');
SELECT name, statement, parameter_types FROM pg_prepared_statements ORDER BY name;

-- errors
EXECUTE pe_by_id;
EXECUTE pe_by_id(1, 2);
EXECUTE pe_by_id('abc');
EXECUTE pe_missing(1);
PREPARE pe_by_id AS SELECT 1;
PREPARE pe_bad AS SELECT * FROM pe_nope;
PREPARE pe_untyped AS SELECT $1;
EXECUTE pe_ins(1, 'dup', 0);
DEALLOCATE pe_by_id;
EXECUTE pe_by_id(1);
DEALLOCATE pe_by_id;
DEALLOCATE ALL;
SELECT count(*) FROM pg_prepared_statements;
DROP TABLE pe_t;
