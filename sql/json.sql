-- json: the json type keeps its input text verbatim (whitespace, key order, duplicates);
-- operators -> ->> #> #>>, json_build_*, json_agg, json_each, json_typeof, row_to_json, invalid input.
SELECT '{"b": 1, "a": [1, 2, {"c": null}], "b": 2}'::json AS verbatim;
SELECT '  [1,  2 ,3]  '::json AS spaces, '"str"'::json AS scalar, 'null'::json AS js_null, '12.50'::json AS num;
SELECT '{"a": 1'::json;
SELECT '{a: 1}'::json;
SELECT '{"a": {"b": [10, 20, 30]}}'::json -> 'a' AS obj, '{"a": {"b": [10, 20, 30]}}'::json -> 'a' -> 'b' -> 1 AS elem;
SELECT '{"a": "text", "n": 5}'::json ->> 'a' AS as_text, '{"a": "text", "n": 5}'::json ->> 'n' AS num_text, '[1,2,3]'::json ->> -1 AS last;
SELECT '{"a": {"b": [10, 20, 30]}}'::json #> '{a,b}' AS path, '{"a": {"b": [10, 20, 30]}}'::json #>> '{a,b,2}' AS path_text;
SELECT '{"a": 1}'::json -> 'missing' AS missing, '[1]'::json -> 5 AS out_of_range;
SELECT json_typeof('{}'), json_typeof('[]'), json_typeof('1'), json_typeof('"s"'), json_typeof('true'), json_typeof('null');
SELECT json_build_object('id', 1, 'name', 'x', 'tags', json_build_array('a', 'b'), 'none', NULL) AS built;
SELECT json_build_array(1, 'two', 3.0, true, NULL) AS arr, json_array_length('[1, [2, 3], {}]') AS len;
SELECT to_json('quote " and \ backslash'::text) AS escaped, to_json(42) AS int, to_json(ARRAY[1, 2]) AS arr;
SELECT row_to_json(r) FROM (SELECT 1 AS id, 'x' AS name, NULL::int AS nothing) AS r;
SELECT key, value FROM json_each('{"b": 2, "a": "x", "c": [1]}') ORDER BY key;
SELECT key, value FROM json_each_text('{"b": 2, "a": "x"}') ORDER BY key;
SELECT value FROM json_array_elements('[3, "a", null, {"k": 1}]') WITH ORDINALITY AS e(value, n) ORDER BY n;
SELECT json_object_keys('{"z": 1, "y": 2}') AS k ORDER BY k;

CREATE TABLE js_t (id integer, doc json);
INSERT INTO js_t VALUES
  (1, '{"name": "alice", "age": 30, "tags": ["a", "b"]}'),
  (2, '{"name": "bob", "age": 25}'),
  (3, '{"name": "carol"}'),
  (4, NULL);
SELECT id, doc ->> 'name' AS name, (doc ->> 'age')::int AS age, doc -> 'tags' AS tags FROM js_t ORDER BY id;
SELECT json_agg(doc ->> 'name' ORDER BY id) AS names FROM js_t WHERE doc IS NOT NULL;
SELECT json_object_agg(id, doc ->> 'name' ORDER BY id) AS by_id FROM js_t WHERE id < 3;
SELECT json_agg(t ORDER BY id) FROM (SELECT id, doc ->> 'name' AS name FROM js_t WHERE id < 3) AS t;
SELECT doc = doc FROM js_t WHERE id = 1;
DROP TABLE js_t;
