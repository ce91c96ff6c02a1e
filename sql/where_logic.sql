-- where_logic: WHERE with AND/OR/NOT, comparison operators, BETWEEN,
-- IN lists, IS DISTINCT FROM and operator precedence.
CREATE TABLE wl_t (id integer, a integer, b text, flag boolean);
INSERT INTO wl_t VALUES
  (1, 10, 'x', true),
  (2, 20, 'y', false),
  (3, 30, 'z', NULL),
  (4, NULL, 'x', true),
  (5, 50, NULL, false);

SELECT id FROM wl_t WHERE a > 15 ORDER BY id;
SELECT id FROM wl_t WHERE a >= 20 AND a <= 30 ORDER BY id;
SELECT id FROM wl_t WHERE a < 20 OR b = 'z' ORDER BY id;
SELECT id FROM wl_t WHERE NOT (a = 10) ORDER BY id;
SELECT id FROM wl_t WHERE a <> 20 ORDER BY id;
SELECT id FROM wl_t WHERE a != 20 ORDER BY id;
SELECT id FROM wl_t WHERE a BETWEEN 20 AND 50 ORDER BY id;
SELECT id FROM wl_t WHERE a NOT BETWEEN 20 AND 40 ORDER BY id;
SELECT id FROM wl_t WHERE a BETWEEN SYMMETRIC 40 AND 20 ORDER BY id;
SELECT id FROM wl_t WHERE b IN ('x', 'z') ORDER BY id;
SELECT id FROM wl_t WHERE b NOT IN ('x', 'z') ORDER BY id;
SELECT id FROM wl_t WHERE flag ORDER BY id;
SELECT id FROM wl_t WHERE NOT flag ORDER BY id;
SELECT id FROM wl_t WHERE flag IS NOT TRUE ORDER BY id;
SELECT id FROM wl_t WHERE flag IS UNKNOWN ORDER BY id;
SELECT id FROM wl_t WHERE a IS DISTINCT FROM 10 ORDER BY id;
SELECT id FROM wl_t WHERE a IS NOT DISTINCT FROM NULL ORDER BY id;

-- precedence: AND binds tighter than OR, NOT tighter than AND
SELECT id FROM wl_t WHERE a = 10 OR a = 20 AND b = 'x' ORDER BY id;
SELECT id FROM wl_t WHERE (a = 10 OR a = 20) AND b = 'x' ORDER BY id;
SELECT id FROM wl_t WHERE NOT a = 10 AND b = 'x' ORDER BY id;
SELECT true OR false AND false AS r1, (true OR false) AND false AS r2;
SELECT 2 + 3 * 4 AS r1, (2 + 3) * 4 AS r2, 2 ^ 3 ^ 2 AS r3, -2 ^ 2 AS r4;

-- comparisons between types
SELECT id FROM wl_t WHERE a > 15.5 ORDER BY id;
SELECT id FROM wl_t WHERE b > 'x' ORDER BY id;
SELECT id FROM wl_t WHERE id IN (SELECT 2 UNION SELECT 4) ORDER BY id;

-- a non-boolean WHERE is an error
SELECT id FROM wl_t WHERE a;
SELECT id FROM wl_t WHERE 'maybe';

DROP TABLE wl_t;
