-- views: CREATE VIEW / CREATE OR REPLACE VIEW, views over joins and aggregates, views see
-- base-table changes, column aliases, simple updatable views, DROP VIEW and errors.
CREATE TABLE vw_t (id integer PRIMARY KEY, name text, price integer);
INSERT INTO vw_t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
CREATE VIEW vw_cheap AS SELECT id, name FROM vw_t WHERE price < 25;
SELECT * FROM vw_cheap ORDER BY id;
INSERT INTO vw_t VALUES (4, 'd', 5);
SELECT * FROM vw_cheap ORDER BY id;
CREATE VIEW vw_stats (n, total, avg_price) AS SELECT count(*), sum(price), avg(price) FROM vw_t;
SELECT * FROM vw_stats;
SELECT c.name, s.total FROM vw_cheap c CROSS JOIN vw_stats s ORDER BY c.name;
CREATE OR REPLACE VIEW vw_cheap AS SELECT id, name, price FROM vw_t WHERE price < 25;
SELECT * FROM vw_cheap ORDER BY id;
CREATE OR REPLACE VIEW vw_cheap AS SELECT id FROM vw_t;
CREATE VIEW vw_cheap AS SELECT 1;
SELECT table_name FROM information_schema.views WHERE table_name LIKE 'vw\_%' ORDER BY table_name;

-- simple views are updatable
INSERT INTO vw_cheap (id, name, price) VALUES (5, 'e', 1);
UPDATE vw_cheap SET price = price + 1 WHERE id = 4;
DELETE FROM vw_cheap WHERE id = 1;
SELECT * FROM vw_t ORDER BY id;
INSERT INTO vw_stats VALUES (1, 1, 1);

CREATE VIEW vw_nested AS SELECT id FROM vw_cheap WHERE id > 2;
SELECT * FROM vw_nested ORDER BY id;
DROP VIEW vw_cheap;
DROP VIEW vw_nested, vw_cheap;
DROP VIEW vw_t;
DROP TABLE vw_stats;
DROP VIEW vw_stats;
DROP VIEW IF EXISTS vw_stats;
DROP TABLE vw_t;
