-- errors: the messages, SQLSTATEs, hints and caret positions of common errors: undefined
-- table 42P01, column 42703, function 42883 (with hint), ambiguous column 42702, syntax errors 42601
-- (including multi-line statements), division by zero 22012, invalid input syntax 22P02.
CREATE TABLE er_a (id integer, v text);
CREATE TABLE er_b (id integer, w text);
SELECT * FROM er_missing;
\echo :SQLSTATE
SELECT nope FROM er_a;
\echo :SQLSTATE
SELECT er_a.nope FROM er_a;
SELECT no_such_fn(1);
\echo :SQLSTATE
SELECT length(1, 2);
SELECT lower(42);
SELECT id FROM er_a, er_b;
\echo :SQLSTATE
SELEC 1;
\echo :SQLSTATE
SELECT 1 +;
SELECT * FROM er_a WHERE;
SELECT (1, 2));
SELECT 1 2;
SELECT id,
       v,
       FROM er_a;
SELECT id
FROM er_a
WHERE v = 'x' AND nope > 1;
SELECT 1 / 0;
\echo :SQLSTATE
SELECT 'x'::integer;
\echo :SQLSTATE
SELECT 1 + 'x';
SELECT 'abc' + 1;
\echo :SQLSTATE
SELECT * FROM er_a a JOIN er_b a ON true;
INSERT INTO er_a VALUES ('not a number', 'x');
SELECT id FROM er_a ORDER BY id USING ~;
CREATE TABLE er_a (x integer);
\echo :SQLSTATE
SELECT $1;
SELECT 1 FROM er_a WHERE id = ANY(1);
SELECT count(*) FROM er_a GROUP BY nope;
SELECT "";
SELECT 1 AS select;
SELECT 1 AS "select";
SELECT * FROM er_a WHERE id IN ();
DROP TABLE er_a, er_b;
