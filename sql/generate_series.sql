-- generate_series: integer, bigint, numeric and timestamp series with steps (positive,
-- negative, empty), in FROM and in the select list, WITH ORDINALITY, and the zero-step error.
SELECT * FROM generate_series(1, 5);
SELECT * FROM generate_series(1, 10, 3);
SELECT * FROM generate_series(5, 1, -2);
SELECT * FROM generate_series(5, 1);
SELECT count(*) FROM generate_series(1, 1000);
SELECT g FROM generate_series(9223372036854775805, 9223372036854775807) AS g;
SELECT * FROM generate_series(0.5, 2.0, 0.5);
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-02'::timestamp, '6 hours');
SELECT * FROM generate_series('2024-01-31'::date, '2024-05-31'::date, interval '1 month');
SELECT * FROM generate_series('2024-03-09 00:00+00'::timestamptz, '2024-03-11 00:00+00'::timestamptz, '1 day');
SELECT g, g * g AS sq FROM generate_series(1, 4) AS g ORDER BY g DESC;
SELECT * FROM generate_series(10, 12) WITH ORDINALITY AS t(v, n);
SELECT generate_series(1, 3) AS in_select;
SELECT generate_series(1, 2) AS a, generate_series(1, 3) AS b;
SELECT sum(g) FROM generate_series(1, 100) AS g;
SELECT a.g, b.g FROM generate_series(1, 2) AS a(g) CROSS JOIN generate_series(1, 2) AS b(g) ORDER BY 1, 2;
SELECT * FROM generate_series(1, NULL);
SELECT * FROM generate_series(1, 5, 0);
SELECT * FROM generate_series('a', 'b');
