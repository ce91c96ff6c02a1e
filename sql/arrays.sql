-- arrays: array literals and constructors, subscripts (1-based, out of range is NULL),
-- slices, array functions, ANY/ALL, containment/overlap, multi-dimensional output, NULL elements.
SELECT ARRAY[1, 2, 3] AS ints, '{a,b,"c d"}'::text[] AS texts, ARRAY['x', NULL] AS with_null, '{}'::int[] AS empty;
SELECT ARRAY[[1, 2], [3, 4]] AS matrix, '{{1,2},{3,4}}'::int[] AS matrix_lit;
SELECT (ARRAY[10, 20, 30])[1] AS first, (ARRAY[10, 20, 30])[3] AS last, (ARRAY[10, 20, 30])[4] AS past_end, (ARRAY[10, 20, 30])[0] AS zero;
SELECT (ARRAY[10, 20, 30, 40])[2:3] AS slice, (ARRAY[10, 20, 30, 40])[:2] AS head, (ARRAY[[1, 2], [3, 4]])[2][1] AS cell;
SELECT array_length(ARRAY[1, 2, 3], 1) AS len, cardinality(ARRAY[[1, 2], [3, 4]]) AS card, array_ndims(ARRAY[[1]]) AS ndims,
       array_dims(ARRAY[[1, 2, 3], [4, 5, 6]]) AS dims, array_lower(ARRAY[1], 1) AS lower, array_upper(ARRAY[1, 2], 1) AS upper;
SELECT array_append(ARRAY[1, 2], 3) AS app, array_prepend(0, ARRAY[1, 2]) AS prep, array_cat(ARRAY[1], ARRAY[2, 3]) AS cat,
       ARRAY[1, 2] || 3 AS op_app, ARRAY[1] || ARRAY[2] AS op_cat;
SELECT array_remove(ARRAY[1, 2, 1, 3], 1) AS removed, array_replace(ARRAY[1, 2, 1], 1, 9) AS replaced,
       array_position(ARRAY['a', 'b', 'c'], 'b') AS pos, array_positions(ARRAY[1, 2, 1], 1) AS positions;
SELECT 2 = ANY(ARRAY[1, 2, 3]) AS any_hit, 5 = ANY(ARRAY[1, 2, 3]) AS any_miss, 5 > ALL(ARRAY[1, 2, 3]) AS all_hit, 2 = ANY('{}'::int[]) AS any_empty;
SELECT 2 = ANY(ARRAY[1, NULL]) AS any_null, 2 <> ALL(ARRAY[1, NULL]) AS all_null;
SELECT ARRAY[1, 2, 3] @> ARRAY[2, 1] AS contains, ARRAY[1] <@ ARRAY[1, 2] AS contained, ARRAY[1, 2] && ARRAY[2, 3] AS overlap;
SELECT ARRAY[1, 2] = ARRAY[1, 2] AS eq, ARRAY[1, 2] < ARRAY[1, 3] AS lt, ARRAY[1, 2] < ARRAY[1, 2, 0] AS shorter_lt;
SELECT array_to_string(ARRAY[1, NULL, 3], ',', 'NULL') AS joined, string_to_array('1-2-3', '-')::int[] AS split;
SELECT ARRAY(SELECT generate_series(1, 4)) AS from_subquery, ARRAY[1.5, 2] AS numeric_arr, ARRAY['2024-01-01'::date] AS dates;
SELECT '{"with,comma","with \"quote\"",NULL,"NULL"}'::text[] AS quoting;
SELECT '{1,2'::int[];
SELECT ARRAY[[1, 2], [3]];
SELECT ARRAY[1, 'a'];

CREATE TABLE ar_t (id integer, tags text[], scores int[]);
INSERT INTO ar_t VALUES (1, '{red,blue}', '{10,20}'), (2, '{green}', '{}'), (3, NULL, '{5,NULL}'), (4, '{blue,green,red}', '{1,2,3}');
SELECT id, tags, scores, cardinality(tags) AS n FROM ar_t ORDER BY id;
SELECT id FROM ar_t WHERE 'blue' = ANY(tags) ORDER BY id;
SELECT id FROM ar_t WHERE tags @> '{red}' ORDER BY id;
SELECT id, tags[1] AS first_tag, scores[2] AS second_score FROM ar_t ORDER BY id;
UPDATE ar_t SET tags[2] = 'yellow' WHERE id = 2;
UPDATE ar_t SET scores = array_append(scores, 99) WHERE id = 1;
SELECT id, tags, scores FROM ar_t WHERE id IN (1, 2) ORDER BY id;
SELECT id, tags FROM ar_t ORDER BY tags NULLS FIRST, id;
DROP TABLE ar_t;
