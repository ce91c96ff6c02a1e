-- unicode_text: multi-byte UTF-8 text: length vs octet_length, upper/lower of non-ASCII letters,
-- substring/left/right/position by characters, padding and column alignment of wide text, C-collation ordering.
SELECT 'héllo' AS word, length('héllo') AS chars, octet_length('héllo') AS bytes;
SELECT length('日本語') AS cjk_chars, octet_length('日本語') AS cjk_bytes, length('😀👍') AS emoji_chars, octet_length('😀👍') AS emoji_bytes;
SELECT upper('straße café') AS up, lower('ÀÉÎÕÜ') AS low, initcap('élan vital') AS cap;
SELECT substring('日本語テキスト' FROM 3 FOR 2) AS sub, left('naïve', 3) AS l, right('naïve', 3) AS r, reverse('añb') AS rev;
SELECT position('語' IN '日本語') AS pos, strpos('café au lait', 'au') AS strpos;
SELECT lpad('é', 4, '*') AS lp, rpad('日', 3, '-') AS rp, repeat('ß', 3) AS rep;
SELECT 'ñ' < 'o' AS n_tilde_lt_o, 'é' > 'z' AS e_acute_gt_z;
SELECT ascii('é') AS code, chr(233) AS ch, chr(26085) AS cjk, to_hex(ascii('€')) AS euro_hex;
SELECT 'ℌ𝔢𝔩𝔩𝔬' AS fraktur, length('ℌ𝔢𝔩𝔩𝔬') AS len;
SELECT replace('ça va, ça va', 'ça', 'cela') AS repl, split_part('α|β|γ', '|', 2) AS part;
SELECT 'Ünïcödé' ILIKE 'ünïcödé' AS ilike_match, 'Ünïcödé' ~* 'ÜNÏ' AS regex_ci, '日本語' LIKE '日%' AS like_prefix;
SELECT convert_to('€', 'UTF8') AS euro_bytes, convert_from('\xe282ac', 'UTF8') AS euro;
SELECT U&'\00E9t\00E9' AS uescape, E'\u00e9t\u00e9' AS escape_u;
SELECT 'ab' || E'\u0301' AS combining, length('ab' || E'\u0301') AS combining_len;

CREATE TABLE ut_t (id integer, name text);
INSERT INTO ut_t VALUES (1, 'Zoë'), (2, 'Ångström'), (3, 'zebra'), (4, '東京'), (5, 'Émile'), (6, 'apple');
SELECT id, name, length(name) AS len FROM ut_t ORDER BY name;
SELECT id, upper(name), lower(name) FROM ut_t ORDER BY id;
SELECT string_agg(name, ' · ' ORDER BY id) AS joined FROM ut_t;
SELECT max(name), min(name) FROM ut_t;
DROP TABLE ut_t;
