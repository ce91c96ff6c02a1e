-- subqueries: scalar subqueries, IN / NOT IN, EXISTS / NOT EXISTS, ANY / SOME / ALL,
-- correlated subqueries in SELECT and WHERE, derived tables, and the 21000 cardinality error.
CREATE TABLE sq_prod (id integer, cat text, price integer);
CREATE TABLE sq_sales (prod_id integer, qty integer);
INSERT INTO sq_prod VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 30), (4, 'b', 40), (5, 'c', 50);
INSERT INTO sq_sales VALUES (1, 2), (1, 3), (3, 1), (4, 10);

SELECT (SELECT max(price) FROM sq_prod) AS max_price, (SELECT price FROM sq_prod WHERE id = 99) AS no_row;
SELECT id, price - (SELECT avg(price) FROM sq_prod)::integer AS vs_avg FROM sq_prod ORDER BY id;
SELECT id FROM sq_prod WHERE id IN (SELECT prod_id FROM sq_sales) ORDER BY id;
SELECT id FROM sq_prod WHERE id NOT IN (SELECT prod_id FROM sq_sales) ORDER BY id;
SELECT id FROM sq_prod p WHERE EXISTS (SELECT 1 FROM sq_sales s WHERE s.prod_id = p.id) ORDER BY id;
SELECT id FROM sq_prod p WHERE NOT EXISTS (SELECT 1 FROM sq_sales s WHERE s.prod_id = p.id) ORDER BY id;
SELECT id FROM sq_prod WHERE price > ANY (SELECT price FROM sq_prod WHERE cat = 'b') ORDER BY id;
SELECT id FROM sq_prod WHERE price = SOME (SELECT price FROM sq_prod WHERE cat = 'a') ORDER BY id;
SELECT id FROM sq_prod WHERE price > ALL (SELECT price FROM sq_prod WHERE cat = 'a') ORDER BY id;
SELECT id FROM sq_prod WHERE price > ALL (SELECT price FROM sq_prod WHERE cat = 'zzz') ORDER BY id;
SELECT id, (SELECT sum(qty) FROM sq_sales s WHERE s.prod_id = p.id) AS sold FROM sq_prod p ORDER BY id;
SELECT id, cat, price FROM sq_prod p WHERE price = (SELECT max(price) FROM sq_prod q WHERE q.cat = p.cat) ORDER BY id;
SELECT cat, total FROM (SELECT cat, sum(price) AS total FROM sq_prod GROUP BY cat) AS t WHERE total > 40 ORDER BY cat;
SELECT (SELECT count(*) FROM sq_sales) + (SELECT count(*) FROM sq_prod) AS both_counts;
SELECT id FROM sq_prod WHERE (cat, price) IN (SELECT 'a', 20 UNION ALL SELECT 'b', 40) ORDER BY id;
SELECT id, EXISTS (SELECT 1 FROM sq_sales WHERE prod_id = id AND qty > 5) AS big_sale FROM sq_prod ORDER BY id;
SELECT NULL::int IN (SELECT prod_id FROM sq_sales) AS null_in, 99 IN (SELECT NULL::int) AS in_null;

-- errors
SELECT (SELECT price FROM sq_prod) AS too_many;
\echo :SQLSTATE
SELECT id FROM sq_prod WHERE price = (SELECT price FROM sq_prod WHERE cat = 'a');
SELECT (SELECT id, price FROM sq_prod WHERE id = 1);
SELECT id FROM sq_prod WHERE id IN (SELECT prod_id, qty FROM sq_sales);
SELECT * FROM (SELECT 1);
DROP TABLE sq_prod, sq_sales;
