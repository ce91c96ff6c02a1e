-- select_basic: SELECT without FROM, literals, column aliases, VALUES,
-- SELECT * over a table, expressions in the target list and quoted identifiers.
SELECT 1;
SELECT 1 AS one, 'two' AS two, 3.0 AS three;
SELECT 1 + 2 AS sum, 'a' || 'b' AS concat, NULL AS nothing;
SELECT 'it''s' AS quoted, E'tab\there' AS escaped, $$dollar$$ AS dollar;
SELECT "Mixed Case" FROM (SELECT 1 AS "Mixed Case") AS s;
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS v(n, word) ORDER BY n;
VALUES (1, 'a'), (2, 'b');
SELECT;

CREATE TABLE sb_items (id integer PRIMARY KEY, name text, price numeric(8,2), qty integer);
INSERT INTO sb_items VALUES
  (1, 'apple', 0.50, 10),
  (2, 'banana', 0.25, 20),
  (3, 'cherry', 3.00, 5),
  (4, 'date', NULL, 0);

SELECT * FROM sb_items ORDER BY id;
SELECT id, name FROM sb_items ORDER BY id;
SELECT name, price * qty AS total FROM sb_items ORDER BY id;
SELECT sb_items.name FROM sb_items ORDER BY sb_items.id;
SELECT i.name, i.qty FROM sb_items AS i ORDER BY i.id;
SELECT i.* FROM sb_items i WHERE i.id = 2;
SELECT upper(name) AS shout, length(name) FROM sb_items ORDER BY 1;
SELECT id, id * 2, -id, +id FROM sb_items ORDER BY id;
SELECT count(*) FROM sb_items;
SELECT name FROM sb_items ORDER BY id LIMIT 2;
SELECT 'constant' FROM sb_items ORDER BY id;
SELECT * FROM sb_items WHERE false;

-- a wide row and an empty string
SELECT '' AS empty, ' ' AS space, 'x' AS x, 1::smallint AS s, 2::bigint AS b, true AS t;

DROP TABLE sb_items;
