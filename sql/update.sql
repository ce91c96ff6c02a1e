-- update: UPDATE with WHERE, multiple columns, expressions over the old row, DEFAULT,
-- row-value SET (a, b) = (...), subqueries in SET and WHERE, no-match updates, and errors.
CREATE TABLE up_t (id integer PRIMARY KEY, name text, qty integer DEFAULT 0, price numeric(6,2));
INSERT INTO up_t VALUES (1, 'a', 5, 1.00), (2, 'b', 10, 2.50), (3, 'c', 0, 9.99), (4, 'd', NULL, NULL);
UPDATE up_t SET qty = qty + 1 WHERE id = 1;
UPDATE up_t SET name = upper(name), price = price * 2 WHERE qty > 0;
SELECT * FROM up_t ORDER BY id;
UPDATE up_t SET qty = DEFAULT WHERE id = 2;
UPDATE up_t SET (name, qty) = ('dd', 40) WHERE id = 4;
UPDATE up_t SET (qty, price) = (SELECT max(qty), min(price) FROM up_t) WHERE id = 3;
UPDATE up_t SET qty = qty * 10, price = qty WHERE id = 1;
SELECT * FROM up_t ORDER BY id;
UPDATE up_t SET name = 'none' WHERE id = 99;
UPDATE up_t SET price = 100 WHERE id IN (SELECT id FROM up_t WHERE name LIKE 'd%');
UPDATE up_t AS u SET name = u.name || '*' WHERE u.id = 2;
SELECT * FROM up_t ORDER BY id;
UPDATE up_t SET id = id + 1;
UPDATE up_t SET id = id + 10;
SELECT id, name FROM up_t ORDER BY id;
UPDATE up_t SET nope = 1;
UPDATE up_t SET qty = 'many';
UPDATE up_t SET price = 100000;
UPDATE up_t SET qty = (SELECT qty FROM up_t);
UPDATE up_t SET qty = 1 WHERE name = 1;
UPDATE up_t SET qty = 1, qty = 2;
SELECT id, qty, price FROM up_t ORDER BY id;
DROP TABLE up_t;
