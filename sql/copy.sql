-- copy: COPY FROM STDIN with inline data (text format with tabs, \N and escapes; CSV with
-- HEADER and quoting), a bad line and its error context, column lists, and COPY TO STDOUT in both formats.
CREATE TABLE cp_t (id integer, name text, amount numeric(6,2), at date);
COPY cp_t FROM STDIN;
1	alpha	1.50	2024-01-01
2	beta	\N	2024-01-02
3	tab\there	-0.25	\N
\.
SELECT * FROM cp_t ORDER BY id;
COPY cp_t (id, name) FROM STDIN;
4	only name
\.
COPY cp_t FROM STDIN WITH (FORMAT csv, HEADER true);
id,name,amount,at
5,"comma, inside",10.00,2024-02-01
6,"quote "" inside",,2024-02-02
7,,0,
\.
COPY cp_t FROM STDIN (FORMAT csv, NULL 'NULL');
8,NULL,NULL,NULL
9,"",1,2024-03-01
\.
SELECT id, name, name IS NULL AS name_null, amount, at FROM cp_t ORDER BY id;

-- bad data: the whole COPY fails
COPY cp_t FROM STDIN;
10	ok	1	2024-01-01
eleven	bad	1	2024-01-01
\.
COPY cp_t FROM STDIN WITH (FORMAT csv);
12,short
\.
COPY cp_t FROM STDIN;
13	x	1	2024-01-01	extra
\.
SELECT count(*) FROM cp_t;
-- when COPY fails before it starts, psql skips the inline data up to \.
COPY cp_missing FROM STDIN;
1	x
\.
COPY cp_t (nope) FROM STDIN;
1
\.

-- COPY TO STDOUT (rows were inserted in id order, so a table COPY is ordered too)
COPY cp_t TO STDOUT;
COPY (SELECT id, name FROM cp_t WHERE id <= 3 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER);
COPY (SELECT id, amount FROM cp_t WHERE amount IS NOT NULL ORDER BY id) TO STDOUT WITH (FORMAT csv, DELIMITER ';');
COPY cp_t (id, at) TO STDOUT (FORMAT text, NULL 'null');
DROP TABLE cp_t;
