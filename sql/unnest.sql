-- unnest: unnest of one-dimensional, multi-dimensional and empty arrays, NULL elements,
-- multi-argument unnest in FROM (zip with NULL padding), WITH ORDINALITY, and unnest in the select list.
SELECT unnest(ARRAY[1, 2, 3]) AS v;
SELECT * FROM unnest(ARRAY['a', NULL, 'c']) AS t(x);
SELECT * FROM unnest('{}'::int[]);
SELECT * FROM unnest(ARRAY[[1, 2], [3, 4]]);
SELECT * FROM unnest(ARRAY[1, 2, 3], ARRAY['x', 'y']) AS t(n, s);
SELECT * FROM unnest(ARRAY[10, 20, 30]) WITH ORDINALITY AS t(v, pos) ORDER BY pos DESC;
SELECT pos, v FROM unnest(ARRAY['b', 'a']) WITH ORDINALITY AS t(v, pos) ORDER BY v;
SELECT unnest(ARRAY[1, 2]) AS a, unnest(ARRAY['x', 'y', 'z']) AS b;
SELECT id, unnest(tags) AS tag FROM (VALUES (1, ARRAY['p', 'q']), (2, ARRAY['r']), (3, '{}'::text[])) AS v(id, tags) ORDER BY id, tag;
SELECT count(*) FROM unnest(NULL::int[]);

CREATE TABLE un_t (id integer, words text[]);
INSERT INTO un_t VALUES (1, '{apple,banana}'), (2, '{banana,cherry,apple}'), (3, NULL);
SELECT w, count(*) FROM un_t, unnest(words) AS w GROUP BY w ORDER BY w;
SELECT id, w, n FROM un_t CROSS JOIN LATERAL unnest(words) WITH ORDINALITY AS u(w, n) ORDER BY id, n;
SELECT id, array_agg(w ORDER BY w) AS sorted FROM un_t, unnest(words) AS w GROUP BY id ORDER BY id;
SELECT id FROM un_t WHERE 'cherry' IN (SELECT unnest(words)) ORDER BY id;
SELECT unnest(1);
DROP TABLE un_t;
