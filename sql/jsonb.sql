-- jsonb: normalized storage (key order, last duplicate wins, no whitespace),
-- containment @> <@, existence ? ?| ?&, concatenation ||, deletion - #-, jsonb_set, jsonb_path_query, ordering.
SELECT '{"b": 1, "a": [1, 2, {"c": null}], "b": 2}'::jsonb AS normalized;
SELECT '{"aa": 1, "b": 2, "c": 3}'::jsonb AS key_order, '  [1,  2 ,3]  '::jsonb AS spaces, '1.50'::jsonb AS num;
SELECT '{"a": 1'::jsonb;
SELECT '{"a": {"b": [10, 20]}}'::jsonb -> 'a' -> 'b' -> 0 AS elem, '{"a": "x"}'::jsonb ->> 'a' AS txt, '{"a": {"b": 1}}'::jsonb #>> '{a,b}' AS path;
SELECT '{"a": 1, "b": {"c": 2}}'::jsonb @> '{"b": {"c": 2}}' AS contains, '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}' AS contained;
SELECT '[1, 2, 3]'::jsonb @> '[3, 1]' AS arr_contains, '[1, 2, 3]'::jsonb @> '2' AS scalar_in_arr;
SELECT '{"a": 1, "b": 2}'::jsonb ? 'a' AS has_a, '{"a": 1}'::jsonb ?| ARRAY['x', 'a'] AS any_key, '{"a": 1}'::jsonb ?& ARRAY['a', 'b'] AS all_keys;
SELECT '["x", "y"]'::jsonb ? 'x' AS elem_exists;
SELECT '{"a": 1}'::jsonb || '{"b": 2}'::jsonb AS merge, '{"a": 1}'::jsonb || '{"a": 9}'::jsonb AS overwrite, '[1]'::jsonb || '[2, 3]'::jsonb AS arr;
SELECT '{"a": 1, "b": 2}'::jsonb - 'a' AS del_key, '[1, 2, 3]'::jsonb - 1 AS del_idx, '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}' AS del_path;
SELECT jsonb_set('{"a": {"b": 1}}', '{a,b}', '42') AS set_existing, jsonb_set('{"a": {}}', '{a,new}', '"v"') AS set_new;
SELECT jsonb_insert('[1, 2]', '{1}', '"x"') AS inserted, jsonb_strip_nulls('{"a": null, "b": 1}') AS stripped;
SELECT jsonb_typeof('{"a": 1}'::jsonb -> 'a') AS t, jsonb_array_length('[1, 2, 3]') AS len;
SELECT jsonb_pretty('{"a": [1, {"b": 2}]}');
SELECT jsonb_build_object('k', 1, 'k', 2) AS dup_keys, jsonb_build_array(1, NULL, 'x') AS arr;
SELECT jsonb_path_query('{"items": [{"p": 1}, {"p": 5}, {"p": 9}]}', '$.items[*] ? (@.p > 2).p') AS p;
SELECT jsonb_path_exists('{"a": [1, 2]}', '$.a[*] ? (@ == 2)') AS ex;
SELECT '1'::jsonb = '1.0'::jsonb AS num_eq, '{"a":1,"b":2}'::jsonb = '{"b":2,"a":1}'::jsonb AS obj_eq;
SELECT key, value FROM jsonb_each('{"b": [1], "a": {"x": 1}}') ORDER BY key;

CREATE TABLE jb_t (id integer, doc jsonb);
INSERT INTO jb_t VALUES
  (1, '{"kind": "fruit", "name": "apple", "price": 1.5}'),
  (2, '{"kind": "veg", "name": "leek", "price": 2}'),
  (3, '{"kind": "fruit", "name": "fig"}'),
  (4, '[1, 2]'),
  (5, 'null'),
  (6, '"s"'),
  (7, '10');
SELECT id FROM jb_t WHERE doc @> '{"kind": "fruit"}' ORDER BY id;
SELECT id, doc ->> 'name' AS name FROM jb_t WHERE doc ? 'price' ORDER BY id;
SELECT doc ->> 'kind' AS kind, count(*) FROM jb_t WHERE jsonb_typeof(doc) = 'object' GROUP BY 1 ORDER BY 1;
SELECT id, doc FROM jb_t ORDER BY doc, id;
UPDATE jb_t SET doc = jsonb_set(doc, '{price}', '3') WHERE id = 3;
SELECT doc FROM jb_t WHERE id = 3;
SELECT jsonb_agg(doc -> 'name' ORDER BY id) FROM jb_t WHERE id < 4;
DROP TABLE jb_t;
