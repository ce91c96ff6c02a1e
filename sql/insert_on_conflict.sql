-- insert_on_conflict: ON CONFLICT DO NOTHING and DO UPDATE with EXCLUDED, conflict targets
-- (columns and ON CONSTRAINT), WHERE on the update, and affecting a row twice in one command.
CREATE TABLE oc_t (id integer PRIMARY KEY, name text, hits integer DEFAULT 1, code text UNIQUE);
INSERT INTO oc_t (id, name, code) VALUES (1, 'a', 'A'), (2, 'b', 'B');
INSERT INTO oc_t (id, name, code) VALUES (1, 'dup', 'X') ON CONFLICT DO NOTHING;
INSERT INTO oc_t (id, name, code) VALUES (1, 'dup', 'X') ON CONFLICT (id) DO NOTHING;
INSERT INTO oc_t (id, name, code) VALUES (3, 'c', 'C'), (2, 'dup', 'Y') ON CONFLICT DO NOTHING;
SELECT * FROM oc_t ORDER BY id;
INSERT INTO oc_t (id, name, code) VALUES (1, 'new-a', 'A') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, hits = oc_t.hits + 1;
INSERT INTO oc_t (id, name, code) VALUES (1, 'newer-a', 'A') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, hits = oc_t.hits + 1;
SELECT * FROM oc_t ORDER BY id;
INSERT INTO oc_t (id, name, code) VALUES (9, 'via code', 'B') ON CONFLICT (code) DO UPDATE SET hits = oc_t.hits + 10;
INSERT INTO oc_t (id, name, code) VALUES (2, 'x', 'B') ON CONFLICT ON CONSTRAINT oc_t_pkey DO UPDATE SET name = 'by constraint';
INSERT INTO oc_t (id, name, code) VALUES (3, 'skip', 'C') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE oc_t.hits > 5;
INSERT INTO oc_t (id, name, code) VALUES (3, 'take', 'C') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE oc_t.hits < 5;
SELECT * FROM oc_t ORDER BY id;
INSERT INTO oc_t (id, name, code) VALUES (4, 'd', 'D') ON CONFLICT (id) DO UPDATE SET name = 'not used' RETURNING *;
INSERT INTO oc_t (id, name, code) VALUES (4, 'd2', 'D') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name, hits;
INSERT INTO oc_t (id, name, code) VALUES (5, 'e', 'E'), (5, 'e2', 'E2') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;
INSERT INTO oc_t (id, name, code) VALUES (5, 'e', 'E'), (5, 'e2', 'E2') ON CONFLICT (id) DO NOTHING;
INSERT INTO oc_t (id, name, code) VALUES (6, 'f', 'F') ON CONFLICT (name) DO NOTHING;
INSERT INTO oc_t (id, name, code) VALUES (7, 'g', 'A') ON CONFLICT (id) DO UPDATE SET name = 'x';
SELECT * FROM oc_t ORDER BY id;

CREATE TABLE oc_counter (k text PRIMARY KEY, n integer NOT NULL);
INSERT INTO oc_counter VALUES ('x', 1) ON CONFLICT (k) DO UPDATE SET n = oc_counter.n + EXCLUDED.n;
INSERT INTO oc_counter VALUES ('x', 5) ON CONFLICT (k) DO UPDATE SET n = oc_counter.n + EXCLUDED.n;
INSERT INTO oc_counter SELECT 'y', g FROM generate_series(1, 3) AS g ON CONFLICT (k) DO NOTHING;
SELECT * FROM oc_counter ORDER BY k;
DROP TABLE oc_t, oc_counter;
