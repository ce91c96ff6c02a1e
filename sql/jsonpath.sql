-- jsonpath: the type's text form (normalised as PostgreSQL prints it, 42601 syntax errors) and the SQL/JSON path
-- functions jsonb_path_query/_array/_first/_exists/_match and @? @@: lax and strict mode, accessors, filters,
-- arithmetic, item methods, variables, silent.
SELECT '$.a.b[*]'::jsonpath AS keys, 'strict $.a[1 to last, 0]'::jsonpath AS strict_mode, 'lax $'::jsonpath AS lax;
SELECT '$ ? (@.a > 1 || @.b < 2 && !(@.c == "x"))'::jsonpath AS filter, '1 + 2 * -$.x'::jsonpath AS arith, '((1 + 2) + 3)'::jsonpath AS nested;
SELECT '$.**{1 to last}.*'::jsonpath AS any, '$."a b".type().size()'::jsonpath AS methods, '$var.x'::jsonpath AS var;
SELECT '$ ? (@ like_regex "^a.c" flag "i")'::jsonpath AS regex, '$ ? (@ starts with "ab")'::jsonpath AS sw, '$ ? (exists (@.a))'::jsonpath AS ex;
SELECT '$ ? ((@ > 1) is unknown)'::jsonpath AS unk, '(1).type()'::jsonpath AS num_method, '- 1.50'::jsonpath AS neg, '1e3'::jsonpath AS exp;
SELECT '$.a +'::jsonpath;
SELECT '$.a = 1'::jsonpath;
SELECT '@.a'::jsonpath;
SELECT 'last'::jsonpath;
SELECT '1.type()'::jsonpath;
SELECT '$ ? (@ like_regex "a" flag "z")'::jsonpath;
SELECT ''::jsonpath;

-- Accessors in lax and strict mode.
SELECT jsonb_path_query('{"a": {"b": [1, 2, {"c": 3}]}}', '$.a.b[*]') AS elems;
SELECT jsonb_path_query('{"a": [{"b": 1}, {"b": 2}, {"c": 3}]}', '$.a.b') AS lax_unwrap;
SELECT jsonb_path_query('{"a": [{"b": 1}, {"b": 2}, {"c": 3}]}', 'strict $.a.b');
SELECT jsonb_path_query('{"a": 1}', 'strict $.missing');
SELECT jsonb_path_query('{"a": 1}', 'lax $.missing') AS nothing;
SELECT jsonb_path_query('[10, 20, 30, 40]', '$[1 to 2, last, 0]') AS idx;
SELECT jsonb_path_query('[10, 20, 30]', 'strict $[5]');
SELECT jsonb_path_query('[10, 20, 30]', 'lax $[5]') AS out_of_range, jsonb_path_query('7', 'lax $[0]') AS wrapped;
SELECT jsonb_path_query('{"x": {"y": 1, "z": [2, {"w": 3}]}}', '$.**') AS all_items;
SELECT jsonb_path_query('{"x": {"y": 1, "z": [2, {"w": 3}]}}', '$.**{2}') AS level2;
SELECT jsonb_path_query('{"x": 1, "yy": [2], "z": {"a": 3}}', '$.*') AS members;
SELECT jsonb_path_query('{"x": 1}', 'strict $[*]');

-- Filters, comparisons and three-valued logic.
SELECT jsonb_path_query('[1, 5, "a", null, 9, true]', '$[*] ? (@ > 2)') AS gt2;
SELECT jsonb_path_query('[1, 5, "a", null, 9]', '$[*] ? (@ != null)') AS not_null;
SELECT jsonb_path_query('[{"n": "ann", "a": 30}, {"n": "bob", "a": 17}, {"n": "cy"}]', '$[*] ? (@.a >= 18 && @.n starts with "a").n') AS adult;
SELECT jsonb_path_query('[{"a": 1}, {"b": 2}, {"a": null}]', '$[*] ? (exists (@.a))') AS has_a;
SELECT jsonb_path_query('["abc", "ABD", "xyz", 1]', '$[*] ? (@ like_regex "^ab" flag "i")') AS rx;
SELECT jsonb_path_query('[1, "a", 3]', '$[*] ? ((@ > 2) is unknown)') AS unknown_cmp;
SELECT jsonb_path_query('{"a": [1, 2, 3]}', '$.a ? (@ == 2 || @ == 3)') AS lax_filter;
SELECT jsonb_path_query('{"a": 1, "b": "1"}', '$.a == $.b') AS mixed_types, jsonb_path_query('[1, 2]', '$[*] > 1') AS any_gt;

-- Arithmetic and item methods.
SELECT jsonb_path_query('{"a": 7, "b": 2}', '$.a / $.b') AS div, jsonb_path_query('{"a": 7, "b": 2}', '$.a % $.b') AS mod,
       jsonb_path_query('{"a": 1.50}', '$.a * 2 + 1') AS arith, jsonb_path_query('[1, 2]', '-$[*]') AS neg;
SELECT jsonb_path_query('[1, 2]', '$ + 1');
SELECT jsonb_path_query('{"a": 1}', '$.a / 0');
SELECT jsonb_path_query('{"a": "x"}', '-$.a');
SELECT jsonb_path_query('[1, "s", null, true, [], {}]', '$[*].type()') AS types;
SELECT jsonb_path_query('[1, 2, 3, 4, 5]', '$[1 to 10]') AS clamped, jsonb_path_query('[1, 2, 3]', '$[last - 1]') AS last_minus;
SELECT jsonb_path_query('[1, 2, 3, 4, 5]', 'strict $[-1 to 1]');
SELECT jsonb_path_query('["b", "a", "ab", null, true]', '$[*] ? (@ < "b")') AS str_lt, jsonb_path_query('"a.b"', '$ ? (@ like_regex "a.b" flag "q")') AS quoted;
SELECT jsonb_path_query('{"a": [1, 2, 3], "b": 4}', '$.a.size()') AS size, jsonb_path_query('{"b": 4}', '$.b.size()') AS lax_size;
SELECT jsonb_path_query('{"b": 4}', 'strict $.b.size()');
SELECT jsonb_path_query('[-1.5, 2.4, "7.25"]', '$[0 to 1].abs()') AS abs, jsonb_path_query('[-1.5, 2.4]', '$[*].floor()') AS floor,
       jsonb_path_query('[-1.5, 2.4]', '$[*].ceiling()') AS ceiling;
SELECT jsonb_path_query('[1.25, "7.5", "1e2"]', '$[*].double()') AS dbl;
SELECT jsonb_path_query('["x"]', '$[*].double()');
SELECT jsonb_path_query('{"b": [1], "a": {"c": true}}', '$.keyvalue()') AS kv;
SELECT jsonb_path_query('{"o": {"k": 1.5, "j": "s"}, "p": [{"q": 0}]}', '$.o.keyvalue()') AS nested_kv,
       jsonb_path_query('{"o": {"k": 1.5, "j": "s"}, "p": [{"q": 0}]}', '$.p.keyvalue()') AS array_kv;
SELECT jsonb_path_query('[1]', '$.keyvalue()');
SELECT jsonb_path_query('{"a": {"b": {"c": 1}}}', '$.keyvalue().value.keyvalue()') AS generated_base;
SELECT jsonb_path_query('{"a": [1, 22, {"k": 1e3}], "b": {"x": "yyy", "z": {"w": 0.00001}}}', '$.**.keyvalue()') AS all_kv;

-- Variables, silent, the other functions and the operators.
SELECT jsonb_path_query('[1, 5, 9]', '$[*] ? (@ >= $min && @ <= $max)', '{"min": 2, "max": 9}') AS between;
SELECT jsonb_path_query('[1]', '$[*] ? (@ > $x)');
SELECT jsonb_path_query('[1]', '$', '[1]');
SELECT jsonb_path_query('[1]', '$x[*] ? (@ > 1)', '{"x": [1, 2, 3]}') AS var_array, jsonb_path_query('{}', '$.a', NULL) AS null_vars;
SELECT jsonb_path_query('[1, 2]', 'strict $[9]', '{}', true) AS silent_rows;
SELECT jsonb_path_query_array('[1, 2, 3, 4]', '$[*] ? (@ % 2 == 0)') AS evens, jsonb_path_query_array('[1]', '$[*] ? (@ > 5)') AS none;
SELECT jsonb_path_query_first('[{"a": 1}, {"a": 2}]', '$[*].a') AS first, jsonb_path_query_first('[]', '$[*]') AS no_first;
SELECT jsonb_path_exists('{"a": [1, 2]}', '$.a[*] ? (@ > 1)') AS ex, jsonb_path_exists('{"a": 1}', 'strict $.b', silent => true) AS silent_ex;
SELECT jsonb_path_exists('{"a": 1}', 'strict $.b');
SELECT jsonb_path_match('{"a": 3}', '$.a > 2') AS m, jsonb_path_match('{"a": "x"}', '$.a > 2') AS m_unknown,
       jsonb_path_match('[1]', 'exists($[*] ? (@ == 1))') AS m_exists;
SELECT jsonb_path_match('{"a": 3}', '$.a');
SELECT '{"a": [1, 2, 3]}'::jsonb @? '$.a[*] ? (@ > 2)' AS at_q, '{"a": [1, 2, 3]}'::jsonb @? '$.b' AS at_q_lax,
       '{"a": [1, 2, 3]}'::jsonb @@ '$.a[*] > 2' AS at_at, '{"a": 1}'::jsonb @@ '$.a' AS at_at_not_bool;

CREATE TABLE jp_t (id integer, doc jsonb);
INSERT INTO jp_t VALUES
  (1, '{"name": "apple", "tags": ["fruit", "red"], "price": 1.20}'),
  (2, '{"name": "leek", "tags": ["veg"], "price": 2}'),
  (3, '{"name": "fig", "tags": [], "price": 3.5}');
SELECT id FROM jp_t WHERE doc @? '$.tags[*] ? (@ == "fruit")' ORDER BY id;
SELECT id, jsonb_path_query_first(doc, '$.price * 2') AS doubled FROM jp_t WHERE jsonb_path_match(doc, '$.price > $p', '{"p": 1.5}') ORDER BY id;
SELECT id, jsonb_path_query_array(doc, '$.tags[*] ? (@ starts with $s)', jsonb_build_object('s', 'r')) AS r_tags FROM jp_t ORDER BY id;
DROP TABLE jp_t;
