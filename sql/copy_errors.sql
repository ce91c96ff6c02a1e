-- copy_errors: COPY FROM STDIN bad input keeps no row and reports PostgreSQL's error and CONTEXT: malformed and
-- out-of-range values of the fast-parsed types (column named), missing and extra columns (line text), NOT NULL and
-- CHECK (line text), duplicate keys within one COPY and against committed rows (line number only), odd spellings
-- the fast path hands to the input functions, and varchar length.
CREATE TABLE cpe_t (id bigint PRIMARY KEY, a integer NOT NULL, s smallint, b double precision, c text CHECK (c <> 'bad'), v varchar(3));
COPY cpe_t FROM STDIN;
1	10	1	1.5	one	x
2	-2147483648	-32768	-0.25	two	yy
3	2147483647	32767	1e300	three	zzz
4	+7	 8 	  2.5  	\N	\N
5	0	-0	NaN	five	\N
6	1	1	-Infinity	\x41\102\n	\N
7	1	1	0	zero	\N
8	1	1	.5e1	point	\N
\.
SELECT id, a, s, b, c, v FROM cpe_t ORDER BY id;
-- malformed and out-of-range values name the column
COPY cpe_t FROM STDIN;
9	1	1	1	ok	\N
10	1x	1	1	ok	\N
\.
COPY cpe_t FROM STDIN;
10	2147483648	1	1	ok	\N
\.
COPY cpe_t FROM STDIN;
10	1	32768	1	ok	\N
\.
COPY cpe_t FROM STDIN;
10	1	1	1e400	ok	\N
\.
COPY cpe_t FROM STDIN;
10	1	1	1e-400	ok	\N
\.
COPY cpe_t FROM STDIN;
10	1	1	1.5.5	ok	\N
\.
COPY cpe_t FROM STDIN;
99999999999999999999	1	1	1	ok	\N
\.
COPY cpe_t FROM STDIN;
10	1	1	1	ok	long
\.
-- missing and extra columns
COPY cpe_t FROM STDIN;
10	1	1	1
\.
COPY cpe_t FROM STDIN;
10	1	1	1	ok	\N	extra
\.
-- NOT NULL and CHECK
COPY cpe_t FROM STDIN;
10	1	1	1	ok	\N
11	\N	1	1	ok	\N
\.
COPY cpe_t FROM STDIN;
10	1	1	1	ok	\N
11	1	1	1	bad	\N
\.
-- duplicate keys: within the COPY, and against a committed row
COPY cpe_t FROM STDIN;
10	1	1	1	ok	\N
11	1	1	1	ok	\N
10	1	1	1	ok	\N
\.
COPY cpe_t FROM STDIN;
12	1	1	1	ok	\N
3	1	1	1	ok	\N
\.
COPY cpe_t (id, a) FROM STDIN WITH (FORMAT csv);
13,1
14,"2"
15,x
\.
SELECT count(*) FROM cpe_t;
-- a column list: the others take their defaults, NOT NULL still applies
COPY cpe_t (id, c) FROM STDIN;
16	sixteen
\.
SELECT count(*) FROM cpe_t;
DROP TABLE cpe_t;
