-- pk_index: primary-key lookups (=, IN, ANY, BETWEEN, ranges, ORDER BY pk LIMIT) answered through the key index,
-- across updates, deletes and rollbacks, at the extremes of int8 and int2, and with bad input.
CREATE TABLE pki_t (id int8 PRIMARY KEY, v text);
INSERT INTO pki_t SELECT g * 3, 'v' || g FROM generate_series(1, 2000) g;
INSERT INTO pki_t VALUES (-9223372036854775808, 'min'), (9223372036854775807, 'max');
SELECT v FROM pki_t WHERE id = 42;
SELECT v FROM pki_t WHERE id = 43;
SELECT v FROM pki_t WHERE 6000 = id;
SELECT id, v FROM pki_t WHERE id IN (9, 3, NULL, 9, 6001, -9223372036854775808) ORDER BY id;
SELECT id FROM pki_t WHERE id = ANY('{12,NULL,15}'::int8[]) ORDER BY id;
SELECT count(*), min(id), max(id) FROM pki_t WHERE id BETWEEN 100 AND 200;
SELECT id FROM pki_t WHERE id > 5990 AND id < 9223372036854775807 ORDER BY id;
SELECT id, v FROM pki_t WHERE id >= 9223372036854775807;
SELECT id, v FROM pki_t WHERE id < -9223372036854775807;
SELECT id FROM pki_t WHERE id BETWEEN 20 AND 10;
SELECT id FROM pki_t WHERE id = 30 AND id = 33;
SELECT id FROM pki_t WHERE id = NULL;
SELECT id, v FROM pki_t WHERE id BETWEEN 10 AND 40 AND v <> 'v5' ORDER BY id;
SELECT id FROM pki_t ORDER BY id LIMIT 3;
SELECT id FROM pki_t ORDER BY id DESC LIMIT 3;
SELECT id FROM pki_t WHERE id < 100 ORDER BY id DESC LIMIT 2 OFFSET 1;
-- changes: the index keeps every row version, the scan shows the visible one
UPDATE pki_t SET v = 'changed' WHERE id = 30;
UPDATE pki_t SET id = 100000 WHERE id = 33;
DELETE FROM pki_t WHERE id = 36;
SELECT id, v FROM pki_t WHERE id IN (30, 33, 36, 100000) ORDER BY id;
BEGIN;
INSERT INTO pki_t VALUES (7, 'rolled back');
SELECT v FROM pki_t WHERE id = 7;
ROLLBACK;
SELECT v FROM pki_t WHERE id = 7;
INSERT INTO pki_t SELECT -g, 'n' || g FROM generate_series(1, 3000) g;
SELECT count(*) FROM pki_t WHERE id BETWEEN -3000 AND 0;
SELECT id, v FROM pki_t WHERE id = -2999;
SELECT id FROM pki_t WHERE id < 0 ORDER BY id DESC LIMIT 2;
-- bad input
INSERT INTO pki_t VALUES (42, 'duplicate');
SELECT v FROM pki_t WHERE id = 'abc';
SELECT v FROM pki_t WHERE id = 99999999999999999999;
-- a narrow key compares with wider values without overflow
CREATE TABLE pki_s (id int2 PRIMARY KEY);
INSERT INTO pki_s VALUES (-32768), (0), (32767);
SELECT id FROM pki_s WHERE id >= -40000 ORDER BY id;
SELECT id FROM pki_s WHERE id = 65535;
SELECT id FROM pki_s WHERE id > 32766::int8;
SELECT id FROM pki_s ORDER BY id DESC LIMIT 2;
DROP TABLE pki_t;
DROP TABLE pki_s;
