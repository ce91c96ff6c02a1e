-- lateral: LATERAL subqueries referencing earlier FROM items (top-N per group),
-- LEFT JOIN LATERAL ... ON true, implicit lateral for set-returning functions, and the error without LATERAL.
CREATE TABLE lt_cust (id integer, name text);
CREATE TABLE lt_orders (id integer, cust_id integer, amount integer);
INSERT INTO lt_cust VALUES (1, 'ann'), (2, 'bob'), (3, 'cid');
INSERT INTO lt_orders VALUES (1, 1, 50), (2, 1, 75), (3, 1, 20), (4, 2, 10), (5, 2, 99);

SELECT c.name, o.amount
FROM lt_cust c, LATERAL (SELECT amount FROM lt_orders WHERE cust_id = c.id ORDER BY amount DESC LIMIT 2) o
ORDER BY c.name, o.amount DESC;
SELECT c.name, o.amount
FROM lt_cust c LEFT JOIN LATERAL (SELECT amount FROM lt_orders WHERE cust_id = c.id ORDER BY amount DESC LIMIT 1) o ON true
ORDER BY c.name;
SELECT c.name, s.total, s.n
FROM lt_cust c CROSS JOIN LATERAL (SELECT sum(amount) AS total, count(*) AS n FROM lt_orders WHERE cust_id = c.id) s
ORDER BY c.name;
SELECT c.name, g FROM lt_cust c, generate_series(1, c.id) AS g ORDER BY c.name, g;
SELECT c.name, x.doubled FROM lt_cust c, LATERAL (SELECT c.id * 2 AS doubled) x ORDER BY c.id;
SELECT c.name, w FROM lt_cust c, LATERAL unnest(string_to_array(c.name, 'n')) AS w ORDER BY c.name, w;
SELECT c.name, o.amount FROM lt_cust c, (SELECT amount FROM lt_orders WHERE cust_id = c.id) o;
DROP TABLE lt_cust, lt_orders;
