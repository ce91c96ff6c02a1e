-- text_functions: length, upper/lower/initcap, substring, position, trim, pad,
-- replace, split_part, repeat, reverse, left/right, concat, and char/varchar semantics.
SELECT length('hello'), char_length('hello'), octet_length('hello'), bit_length('hi');
SELECT upper('Hello World'), lower('Hello World'), initcap('hello wORLD foo-bar');
SELECT substring('PostgreSQL' FROM 5 FOR 3), substring('PostgreSQL' FROM 5), substr('PostgreSQL', 1, 4), substr('abc', 0, 2);
SELECT position('SQL' IN 'PostgreSQL'), strpos('PostgreSQL', 'gre'), position('x' IN 'abc');
SELECT trim('  both  ') AS t, ltrim('  left') AS l, rtrim('right  ') AS r, trim(BOTH 'x' FROM 'xxhixx') AS x, btrim('--a--', '-') AS b;
SELECT lpad('7', 3, '0'), rpad('ab', 5, '.'), lpad('toolong', 3), rpad('x', 4);
SELECT replace('banana', 'an', 'AN'), translate('hello', 'lo', '01'), overlay('Txxxxas' PLACING 'hom' FROM 2 FOR 4);
SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 5), split_part('a,b,c', ',', -1);
SELECT repeat('ab', 3), reverse('abc'), left('abcdef', 2), right('abcdef', 2), left('abcdef', -2);
SELECT concat('a', 1, NULL, true), concat_ws('-', 'a', NULL, 'c'), 'x' || 1 || 2.5;
SELECT ascii('A'), chr(66), md5('abc'), starts_with('foobar', 'foo');
SELECT 'abc' < 'abd' AS lt, 'B' < 'a' AS c_collation, 'abc' = 'abc ' AS trailing_space;
SELECT 'abc'::char(5) AS padded, length('abc'::char(5)) AS char_len, 'abc'::char(5) = 'abc  '::char(5) AS char_eq;
SELECT 'abcdef'::varchar(3) AS truncated_by_cast, 'ab'::varchar(5) AS fits;
SELECT string_to_array('a,b,,c', ','), array_to_string(ARRAY['x', NULL, 'z'], '/', '*');
SELECT quote_ident('Foo bar'), quote_literal('it''s'), quote_nullable(NULL);

CREATE TABLE tf_t (id integer, name varchar(5), code char(3));
INSERT INTO tf_t VALUES (1, 'alpha', 'a'), (2, 'beta', 'bb');
INSERT INTO tf_t VALUES (3, 'gamma ray', 'c');
INSERT INTO tf_t VALUES (3, 'gamma     ', 'c');
SELECT id, name, code, length(name) AS ln, length(code) AS lc, code || '|' AS code_concat FROM tf_t ORDER BY id;
SELECT string_agg(upper(name), ', ' ORDER BY id) FROM tf_t;
DROP TABLE tf_t;
