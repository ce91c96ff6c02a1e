-- vector: pgvector's vector type, functions, operators, aggregates and exact top-k (hand-checked: no pgvector in PG here)
CREATE EXTENSION IF NOT EXISTS vector;
-- input and output
SELECT '[1,2,3]'::vector, ' [ 1.5 , -2e3,0.1 ] '::vector, '[1,2,3]'::vector(3), '[3e38,1e-45]'::vector;
SELECT '[1,2'::vector;
SELECT '[]'::vector;
SELECT '[a]'::vector;
SELECT '[1,]'::vector;
SELECT '1,2'::vector;
SELECT '[1,2] x'::vector;
SELECT '[NaN]'::vector;
SELECT '[Infinity]'::vector;
SELECT '[1e39]'::vector;
CREATE TABLE vec_bad (v vector(0));
CREATE TABLE vec_bad (v vector(16001));
CREATE TABLE vec_bad (v vector(3, 2));
-- casts
SELECT ARRAY[1,2,3]::vector, ARRAY[1.5,2.5]::real[]::vector, ARRAY[0.25]::float8[]::vector, ARRAY[1.5]::numeric[]::vector;
SELECT '[1,2.5]'::vector::real[];
-- functions and operators
SELECT l2_distance('[0,0]', '[3,4]'), '[0,0]'::vector <-> '[3,4]', inner_product('[1,2]', '[3,4]'), '[1,2]'::vector <#> '[3,4]';
SELECT cosine_distance('[1,0]', '[0,1]'), '[1,1]'::vector <=> '[2,2]', '[1,1]'::vector <=> '[0,0]';
SELECT l1_distance('[1,2]', '[4,-2]'), '[1,2]'::vector <+> '[4,-2]';
SELECT vector_dims('[1,2,3]'::vector), vector_norm('[3,4]'), l2_normalize('[3,4]'), l2_normalize('[0,0]');
SELECT subvector('[1,2,3,4,5]'::vector, 2, 3), subvector('[1,2,3]'::vector, 0, 2), subvector('[1,2,3]'::vector, 3, 10);
SELECT '[1,2]'::vector + '[3,4]', '[1,2]'::vector - '[3,4]', '[1,2]'::vector * '[3,4]', '[1,2]'::vector || '[3]';
SELECT '[1,2]'::vector = '[1,2]', '[1,2]'::vector < '[1,3]', '[1,2]'::vector < '[1,2,0]', vector_cmp('[2]', '[1,5]');
-- errors at execution (values from a table, so that no constant folding is involved)
CREATE TABLE vec_e (a vector, b vector, u vector, w vector, s int, c int, arr int[], n int);
INSERT INTO vec_e VALUES ('[1,2]', '[1,2,3]', '[1e-30,1]', '[3e38,1]', 4, 1, ARRAY[1,NULL], 16001);
SELECT a <-> b FROM vec_e;
SELECT a + b FROM vec_e;
SELECT subvector(b, s, c) FROM vec_e;
SELECT arr::vector FROM vec_e;
SELECT ARRAY[s, c]::vector(3) FROM vec_e;
SELECT array_fill(1, ARRAY[n])::vector FROM vec_e;
SELECT vector_dims(array_fill(1, ARRAY[n - 1])::vector) FROM vec_e;
SELECT a || array_fill(1, ARRAY[n - 2])::vector FROM vec_e;
SELECT w + w FROM vec_e;
SELECT u * u FROM vec_e;
SELECT u * w, w - u FROM vec_e;
SELECT avg(v) FROM (SELECT a FROM vec_e UNION ALL SELECT b FROM vec_e) x(v);
SELECT sum(v) FROM (SELECT a FROM vec_e UNION ALL SELECT b FROM vec_e) x(v);
DROP TABLE vec_e;
-- aggregates
CREATE TABLE vec_t (id int PRIMARY KEY, v vector(3));
INSERT INTO vec_t VALUES (1, '[1,1,1]'), (2, '[2,2,1]'), (3, '[1,2,3]'), (4, '[-1,0,1]'), (5, NULL), (6, '[3,3,4]');
SELECT avg(v), sum(v), count(v) FROM vec_t;
SELECT avg(v) IS NULL AS avg_null, sum(v) IS NULL AS sum_null FROM vec_t WHERE id > 100;
-- exact top-k: ORDER BY distance LIMIT k, with WHERE, with the distance selected, and nulls last
SELECT id, v <-> '[1.5,1,1]' AS d FROM vec_t ORDER BY v <-> '[1.5,1,1]' LIMIT 3;
SELECT id FROM vec_t WHERE id <> 1 ORDER BY '[1.5,1,1]' <-> v LIMIT 2;
SELECT id, v <=> '[1,1,1]' AS d FROM vec_t ORDER BY v <=> '[1,1,1]' LIMIT 5;
SELECT id, v <#> '[1,1,1]' AS d FROM vec_t ORDER BY v <#> '[1,1,1]' LIMIT 5;
SELECT id, v <+> '[0,0,0]' AS d FROM vec_t ORDER BY v <+> '[0,0,0]' LIMIT 10;
SELECT id FROM vec_t ORDER BY v <-> '[1,1]' LIMIT 1;
DROP TABLE vec_t;
