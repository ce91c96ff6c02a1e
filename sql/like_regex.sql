-- like_regex: LIKE/ILIKE/NOT LIKE with % and _ and ESCAPE, SIMILAR TO,
-- POSIX regular expressions (~, ~*, !~) and regexp_* functions.
CREATE TABLE lr_t (id integer, s text);
INSERT INTO lr_t VALUES (1, 'apple'), (2, 'Apricot'), (3, 'banana'), (4, '100%'), (5, 'a_b'), (6, NULL);

SELECT id FROM lr_t WHERE s LIKE 'a%' ORDER BY id;
SELECT id FROM lr_t WHERE s ILIKE 'a%' ORDER BY id;
SELECT id FROM lr_t WHERE s NOT LIKE '%an%' ORDER BY id;
SELECT id FROM lr_t WHERE s LIKE '_pple' ORDER BY id;
SELECT id FROM lr_t WHERE s LIKE '%\%' ORDER BY id;
SELECT id FROM lr_t WHERE s LIKE 'a\_b' ORDER BY id;
SELECT id FROM lr_t WHERE s LIKE 'a#_b' ESCAPE '#' ORDER BY id;
SELECT id FROM lr_t WHERE s ~~ 'b%' ORDER BY id;
SELECT id FROM lr_t WHERE s ~~* 'AP%' ORDER BY id;
SELECT 'abc' LIKE 'abc' AS exact, 'abc' LIKE 'ab' AS prefix_only, '' LIKE '%' AS empty;
SELECT 'abc' SIMILAR TO '(a|b)%' AS sim1, 'abc' SIMILAR TO 'b%' AS sim2, 'aaa' SIMILAR TO 'a{3}' AS sim3;

SELECT id FROM lr_t WHERE s ~ '^[ab]' ORDER BY id;
SELECT id FROM lr_t WHERE s ~* '^a' ORDER BY id;
SELECT id FROM lr_t WHERE s !~ 'a' ORDER BY id;
SELECT id FROM lr_t WHERE s !~* 'A' ORDER BY id;
SELECT id FROM lr_t WHERE s ~ '[0-9]+' ORDER BY id;

SELECT regexp_replace('2024-01-15', '(\d+)-(\d+)-(\d+)', '\3/\2/\1') AS reorder;
SELECT regexp_replace('aaa', 'a', 'b') AS first_only, regexp_replace('aaa', 'a', 'b', 'g') AS global;
SELECT regexp_replace('Hello', 'l', 'L', 'gi') AS flags;
SELECT regexp_match('foo123bar', '(\d+)') AS m, regexp_match('foobar', '\d') AS no_m;
SELECT regexp_matches('a1b2c3', '\d', 'g') AS ms ORDER BY 1;
SELECT regexp_split_to_array('a1b22c', '\d+') AS parts;
SELECT regexp_split_to_table('one  two three', '\s+') AS word ORDER BY 1;
SELECT substring('foo123bar' FROM '\d+') AS digits, substring('abc' FROM 'x') AS none;
SELECT 'abc' ~ '(' AS bad;
SELECT s, s LIKE '%a%' AS has_a FROM lr_t ORDER BY id;
DROP TABLE lr_t;
