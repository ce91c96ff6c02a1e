-- returning: RETURNING on INSERT, UPDATE and DELETE: *, expressions, aliases,
-- defaults and serial values, old vs new values, and RETURNING in a data-modifying CTE.
CREATE TABLE rt_t (id serial PRIMARY KEY, name text, qty integer DEFAULT 1);
INSERT INTO rt_t (name) VALUES ('a') RETURNING *;
INSERT INTO rt_t (name, qty) VALUES ('b', 5), ('c', 7) RETURNING id, name, qty * 2 AS double_qty;
INSERT INTO rt_t (name) VALUES ('d') RETURNING id AS new_id, upper(name), now() IS NOT NULL AS has_now;
UPDATE rt_t SET qty = qty + 10 WHERE name IN ('a', 'c') RETURNING id, name, qty;
UPDATE rt_t SET qty = 0 WHERE false RETURNING *;
DELETE FROM rt_t WHERE name = 'b' RETURNING *;
DELETE FROM rt_t WHERE id > 100 RETURNING id;
UPDATE rt_t SET name = name || '!' WHERE id = 1 RETURNING rt_t.name, rt_t.*;
INSERT INTO rt_t (name) VALUES ('e') RETURNING nope;
WITH moved AS (DELETE FROM rt_t WHERE qty > 10 RETURNING id, name) SELECT count(*) AS moved_count, string_agg(name, ',' ORDER BY id) AS names FROM moved;
WITH ins AS (INSERT INTO rt_t (name, qty) VALUES ('f', 3), ('g', 4) RETURNING qty) SELECT sum(qty) FROM ins;
SELECT * FROM rt_t ORDER BY id;
DROP TABLE rt_t;
