-- group_by_having: GROUP BY columns, ordinals, output aliases and expressions, HAVING,
-- grouping by a primary key, GROUPING SETS/ROLLUP/CUBE, and the 42803 grouping errors.
CREATE TABLE gb_t (id integer PRIMARY KEY, region text, product text, qty integer);
INSERT INTO gb_t VALUES
  (1, 'north', 'apple', 10), (2, 'north', 'pear', 5), (3, 'south', 'apple', 7),
  (4, 'south', 'apple', 3), (5, 'east', 'pear', 8), (6, 'north', 'apple', 1);

SELECT region, sum(qty) FROM gb_t GROUP BY region ORDER BY region;
SELECT region, product, count(*), sum(qty) FROM gb_t GROUP BY region, product ORDER BY region, product;
SELECT region, sum(qty) FROM gb_t GROUP BY 1 ORDER BY 2 DESC, 1;
SELECT upper(region) AS r, count(*) FROM gb_t GROUP BY r ORDER BY r;
SELECT qty % 2 = 0 AS even, count(*) FROM gb_t GROUP BY qty % 2 = 0 ORDER BY even;
SELECT length(product), count(*) FROM gb_t GROUP BY length(product) ORDER BY 1;
SELECT region, sum(qty) AS total FROM gb_t GROUP BY region HAVING sum(qty) > 9 ORDER BY region;
SELECT region FROM gb_t GROUP BY region HAVING count(*) = 1 ORDER BY region;
SELECT count(*) AS cnt FROM gb_t HAVING count(*) > 3;
SELECT count(*) AS cnt FROM gb_t HAVING count(*) > 100;
SELECT id, region, sum(qty) FROM gb_t GROUP BY id ORDER BY id LIMIT 2;
SELECT region, product, sum(qty) FROM gb_t GROUP BY ROLLUP (region, product) ORDER BY region NULLS LAST, product NULLS LAST;
SELECT region, product, sum(qty) FROM gb_t GROUP BY CUBE (region, product) ORDER BY region NULLS LAST, product NULLS LAST;
SELECT region, product, sum(qty), GROUPING(region, product) AS g FROM gb_t GROUP BY GROUPING SETS ((region), (product), ()) ORDER BY g, region, product;
SELECT DISTINCT region FROM gb_t GROUP BY region, product ORDER BY region;

-- 42803 errors
SELECT region, product, sum(qty) FROM gb_t GROUP BY region;
\echo :SQLSTATE
SELECT region, qty FROM gb_t GROUP BY region ORDER BY region;
SELECT region FROM gb_t GROUP BY region ORDER BY qty;
SELECT region FROM gb_t GROUP BY region HAVING qty > 1;
SELECT region, sum(qty) FROM gb_t GROUP BY 3;
SELECT region, sum(qty) FROM gb_t GROUP BY sum(qty);
DROP TABLE gb_t;
