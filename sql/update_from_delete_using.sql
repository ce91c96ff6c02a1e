-- update_from_delete_using: UPDATE ... FROM and DELETE ... USING joins, including
-- multiple matches, self-joins via aliases, and combining with RETURNING.
CREATE TABLE uf_products (id integer PRIMARY KEY, name text, price numeric(6,2), discontinued boolean DEFAULT false);
CREATE TABLE uf_changes (product_id integer, new_price numeric(6,2));
CREATE TABLE uf_dead (name text);
INSERT INTO uf_products VALUES (1, 'pen', 1.00), (2, 'ink', 4.00), (3, 'pad', 2.50), (4, 'clip', 0.10);
INSERT INTO uf_changes VALUES (1, 1.20), (3, 2.75), (99, 9.99);
INSERT INTO uf_dead VALUES ('clip'), ('nothing');

UPDATE uf_products p SET price = c.new_price FROM uf_changes c WHERE c.product_id = p.id;
SELECT * FROM uf_products ORDER BY id;
UPDATE uf_products SET discontinued = true FROM uf_dead WHERE uf_dead.name = uf_products.name RETURNING uf_products.id, uf_products.name, uf_dead.name AS matched;
UPDATE uf_products p SET price = p.price + c.new_price
FROM uf_changes c JOIN uf_products q ON q.id = c.product_id
WHERE p.id = q.id AND q.price > 2 RETURNING p.id, p.price;
DELETE FROM uf_products p USING uf_dead d WHERE p.name = d.name RETURNING p.*;
DELETE FROM uf_changes c USING uf_products p WHERE c.product_id = p.id AND p.price > 5;
SELECT * FROM uf_changes ORDER BY product_id;
DELETE FROM uf_changes USING uf_products WHERE product_id = id AND id = 1;
SELECT * FROM uf_products ORDER BY id;
SELECT * FROM uf_changes ORDER BY product_id;
UPDATE uf_products SET price = 0 FROM uf_changes WHERE uf_nope.id = 1;
DELETE FROM uf_products USING uf_products WHERE true;
DROP TABLE uf_products, uf_changes, uf_dead;
