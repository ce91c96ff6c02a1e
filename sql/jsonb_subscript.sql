-- jsonb_subscript: jsonb subscripting doc['key'][0] (integer or text subscripts, no slices), in reads and in
-- UPDATE ... SET doc['a'] = value (creating what is missing, padding arrays with nulls), and json_object / jsonb_object.
SELECT ('{"a": {"b": [10, 20]}}'::jsonb)['a']['b'][1] AS deep, ('[1, 2]'::jsonb)[0] AS first, ('[1, 2]'::jsonb)[-1] AS last;
SELECT ('[1, 2]'::jsonb)['1'] AS text_index, ('{"1": 5}'::jsonb)[1] AS int_key, ('{"a": 1}'::jsonb)[NULL] AS null_sub, ('{"a": 1}'::jsonb)['zz'] AS missing;
SELECT ('{"a": 1}'::jsonb)['a':'b'];
SELECT ('{"a": 1}'::jsonb)[1.5];
SELECT ('{"a": 1}'::jsonb)[true];
SELECT ('{"a": 1}'::json)['a'];
SELECT json_object('{a,1,b,2}') AS flat, json_object('{{a,1},{b,2}}') AS pairs, json_object('{a,b}', '{1,2}') AS two_arrays;
SELECT jsonb_object('{b,1,a,null}') AS jb, jsonb_object('{b,a}'::text[], '{1,"x"}'::text[]) AS jb2, json_object('{}'::text[]) AS empty;
SELECT json_object('{a,"x y"}', '{NULL,"q\""}') AS escaped;
SELECT json_object('{a,1,b}');
SELECT json_object('{{a,1,3},{b,2,4}}');
SELECT json_object('{a,b}', '{1}');
SELECT json_object('{NULL,1}');
SELECT json_object('{{{a}}}');

CREATE TABLE jbs_t (id integer, doc jsonb);
INSERT INTO jbs_t VALUES (1, '{"name": "a", "tags": ["x", "y"]}'), (2, '{"name": "b"}'), (3, '[5, 6]'), (4, NULL);
SELECT id, doc['name'] AS name, doc['tags'][1] AS second_tag, doc[0] AS elem FROM jbs_t ORDER BY id;
SELECT id FROM jbs_t WHERE doc['name'] = '"a"' ORDER BY id;
UPDATE jbs_t SET doc['name'] = '"z"' WHERE id = 1;
UPDATE jbs_t SET doc['x']['y'] = '[1]' WHERE id = 2;
UPDATE jbs_t SET doc[4] = 'true' WHERE id = 3;
UPDATE jbs_t SET doc['k'][1] = '"v"' WHERE id = 4;
SELECT id, doc FROM jbs_t ORDER BY id;
UPDATE jbs_t SET doc['tags'][-1] = 'null' WHERE id = 1;
UPDATE jbs_t SET doc['n'] = NULL WHERE id = 1;
SELECT doc FROM jbs_t WHERE id = 1;
UPDATE jbs_t SET doc['name']['first'] = '1' WHERE id = 1;
UPDATE jbs_t SET doc['k'] = '1' WHERE id = 3;
UPDATE jbs_t SET doc[-10] = '1' WHERE id = 3;
UPDATE jbs_t SET doc[NULL] = '1' WHERE id = 3;
UPDATE jbs_t SET doc['a'] = 1 WHERE id = 3;
DROP TABLE jbs_t;
