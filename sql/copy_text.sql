-- copy_text: text columns loaded by COPY (held as UTF-8 bytes) read by every kind of reader: comparisons and
-- ORDER BY in the C collation, LIKE, functions, GROUP BY, DISTINCT, joins against COPY- and INSERT-loaded text,
-- CASE, casts, UPDATE, COPY TO, and invalid UTF-8 spelled by escapes (22021).
CREATE TABLE ct_a (id integer PRIMARY KEY, t text, v varchar, n text);
COPY ct_a FROM STDIN;
1	apple	x	\N
2	Äpfel	y	one
3	zé€😀	x	\N
4	tab\there	y	two
5	new\nline	x	\\back
6	\x41\102C	z	three
7		z	
8	apple	y	\N
9	日本語	x	four
10	B	z	\N
\.
CREATE TABLE ct_b (t text, w integer);
INSERT INTO ct_b VALUES ('apple', 10), ('日本語', 20), ('', 30), ('nothing', 40);
SELECT id, t, length(t) AS len, octet_length(t) AS bytes, v, n, n IS NULL AS n_null FROM ct_a ORDER BY id;
SELECT t FROM ct_a ORDER BY t, id;
SELECT t FROM ct_a ORDER BY t DESC, id;
SELECT id FROM ct_a WHERE t < 'apple' ORDER BY id;
SELECT id FROM ct_a WHERE t >= 'zé' ORDER BY id;
SELECT id, t FROM ct_a WHERE t LIKE 'app%' OR t LIKE '%€%' OR t ILIKE 'b' ORDER BY id;
SELECT id, upper(t), substr(t, 2, 2), t || '|' || v AS joined, position('e' in t) FROM ct_a ORDER BY id;
SELECT t, count(*) FROM ct_a GROUP BY t ORDER BY t;
SELECT v, count(*), min(t), max(t), string_agg(t, ',' ORDER BY id) FROM ct_a GROUP BY v ORDER BY v;
SELECT DISTINCT t FROM ct_a ORDER BY t;
SELECT a.id, b.w FROM ct_a a JOIN ct_b b ON a.t = b.t ORDER BY a.id;
SELECT a.id, a.t, b.w FROM ct_a a LEFT JOIN ct_b b USING (t) ORDER BY a.id;
SELECT b.t, count(a.id) FROM ct_b b LEFT JOIN ct_a a ON a.t = b.t GROUP BY b.t ORDER BY b.t;
SELECT id, CASE WHEN t = 'apple' THEN 'fruit' WHEN n IS NULL THEN 'none' ELSE n END AS kind FROM ct_a ORDER BY id;
SELECT id, t::varchar(3), t::bytea FROM ct_a WHERE v = 'x' ORDER BY id;
SELECT id FROM ct_a WHERE t IN ('B', 'apple', 'nothing') ORDER BY id;
UPDATE ct_a SET t = t || '!' WHERE v = 'z';
SELECT id, t FROM ct_a WHERE v = 'z' ORDER BY id;
COPY (SELECT id, t, n FROM ct_a ORDER BY id) TO STDOUT;
COPY ct_a (id, t) TO STDOUT WITH (FORMAT csv);
-- invalid UTF-8 spelled by escapes: the whole COPY fails
COPY ct_a (id, t) FROM STDIN;
11	fine
12	bad\xff
\.
COPY ct_a (id, t) FROM STDIN;
13	\303
\.
SELECT count(*) FROM ct_a;
DROP TABLE ct_a, ct_b;
