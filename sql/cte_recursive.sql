-- cte_recursive: WITH RECURSIVE for counting, tree traversal with depth and path,
-- UNION vs UNION ALL termination, graph cycles guarded by a path array, and invalid recursion.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n ORDER BY i;
WITH RECURSIVE f(n, fact) AS (SELECT 1, 1::bigint UNION ALL SELECT n + 1, fact * (n + 1) FROM f WHERE n < 15)
SELECT n, fact FROM f ORDER BY n;
WITH RECURSIVE fib(a, b) AS (SELECT 0::numeric, 1::numeric UNION ALL SELECT b, a + b FROM fib WHERE b < 100) SELECT a FROM fib ORDER BY a;

CREATE TABLE cr_tree (id integer, parent integer, name text);
INSERT INTO cr_tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x'), (7, 3, 'b1');
WITH RECURSIVE t(id, name, depth, path) AS (
  SELECT id, name, 0, name FROM cr_tree WHERE parent IS NULL
  UNION ALL
  SELECT c.id, c.name, t.depth + 1, t.path || '/' || c.name FROM cr_tree c JOIN t ON c.parent = t.id
)
SELECT id, repeat('  ', depth) || name AS indented, depth, path FROM t ORDER BY path;
WITH RECURSIVE up(id, parent, name) AS (
  SELECT id, parent, name FROM cr_tree WHERE name = 'a1x'
  UNION ALL
  SELECT c.id, c.parent, c.name FROM cr_tree c JOIN up ON c.id = up.parent
)
SELECT string_agg(name, ' <- ' ORDER BY id DESC) AS ancestry FROM up;
WITH RECURSIVE sub(id) AS (SELECT 2 UNION ALL SELECT c.id FROM cr_tree c JOIN sub ON c.parent = sub.id)
SELECT count(*) AS subtree_size FROM sub;

CREATE TABLE cr_edges (src integer, dst integer);
INSERT INTO cr_edges VALUES (1, 2), (2, 3), (3, 1), (3, 4);
WITH RECURSIVE reach(node) AS (SELECT 1 UNION SELECT e.dst FROM cr_edges e JOIN reach r ON e.src = r.node)
SELECT node FROM reach ORDER BY node;
WITH RECURSIVE walk(node, path, is_cycle) AS (
  SELECT 1, ARRAY[1], false
  UNION ALL
  SELECT e.dst, w.path || e.dst, e.dst = ANY(w.path) FROM cr_edges e JOIN walk w ON e.src = w.node WHERE NOT w.is_cycle
)
SELECT node, path, is_cycle FROM walk ORDER BY path;

-- errors
WITH RECURSIVE bad(i) AS (SELECT i + 1 FROM bad) SELECT * FROM bad;
WITH RECURSIVE bad(i) AS (SELECT 1 UNION ALL SELECT count(*) FROM bad) SELECT * FROM bad;
WITH RECURSIVE bad(i) AS (SELECT 1 UNION ALL SELECT 'x' FROM bad WHERE false) SELECT * FROM bad;
DROP TABLE cr_tree, cr_edges;
