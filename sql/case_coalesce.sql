-- case_coalesce: searched and simple CASE, CASE without ELSE, result type
-- resolution across branches, COALESCE, NULLIF, GREATEST/LEAST, and lazy evaluation.
SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END AS searched;
SELECT CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END AS simple, CASE 9 WHEN 1 THEN 'one' END AS no_else;
SELECT CASE WHEN true THEN 1 ELSE 2.5 END AS numeric_result, pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END);
SELECT CASE WHEN false THEN 1 ELSE 'x' END;
SELECT CASE NULL WHEN NULL THEN 'matched' ELSE 'no match' END AS null_simple;
SELECT x, CASE WHEN x = 0 THEN NULL ELSE 10 / x END AS lazy FROM (VALUES (0), (5)) AS v(x) ORDER BY x;
SELECT COALESCE(NULL, NULL, 'third', 'fourth') AS c1, COALESCE(NULL::int, 0) AS c2, COALESCE(1, 1 / 0) AS c3_lazy;
SELECT COALESCE(1, 'x');
SELECT COALESCE(NULL, 2.5, 1) AS promoted, pg_typeof(COALESCE(1, 2.5));
SELECT NULLIF('a', 'a') AS same, NULLIF('a', 'b') AS diff, NULLIF(0, 0) IS NULL AS zero_null;
SELECT GREATEST(1, 5, 3) AS g, LEAST(1, 5, 3) AS l, GREATEST(1, NULL, 3) AS g_null, LEAST(NULL::int, NULL) AS all_null;
SELECT GREATEST('apple', 'banana') AS gs, LEAST(2.5, 1) AS ln, GREATEST(date '2024-01-01', date '2023-12-31') AS gd;

CREATE TABLE cc_t (id integer, score integer, nickname text, name text);
INSERT INTO cc_t VALUES (1, 95, NULL, 'Alice'), (2, 72, 'Bobby', 'Bob'), (3, NULL, NULL, 'Carol'), (4, 55, '', 'Dan');
SELECT id,
       CASE WHEN score >= 90 THEN 'A' WHEN score >= 70 THEN 'B' WHEN score IS NULL THEN 'n/a' ELSE 'F' END AS grade,
       COALESCE(nickname, name) AS display,
       COALESCE(NULLIF(nickname, ''), name) AS display_nonempty
FROM cc_t ORDER BY id;
SELECT CASE WHEN score >= 70 THEN 'pass' ELSE 'fail' END AS result, count(*) FROM cc_t GROUP BY 1 ORDER BY 1;
SELECT sum(CASE WHEN score >= 70 THEN 1 ELSE 0 END) AS passing, sum(COALESCE(score, 0)) AS total FROM cc_t;
SELECT id FROM cc_t ORDER BY CASE WHEN nickname IS NULL THEN 0 ELSE 1 END, id;
UPDATE cc_t SET score = CASE WHEN score IS NULL THEN 0 ELSE score + 1 END;
SELECT id, score FROM cc_t ORDER BY id;
DROP TABLE cc_t;
