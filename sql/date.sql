-- date: date input formats (ISO, MDY), output in ISO style, date arithmetic,
-- comparisons, special values, out-of-range and invalid dates.
SELECT '2024-02-29'::date AS leap, '1999-12-31'::date AS y2k_eve, DATE '2000-01-01' AS keyword;
SELECT '01/02/2024'::date AS mdy, 'January 8, 1999'::date AS words, '20240315'::date AS compact;
SELECT '2024-03-15'::date + 30 AS plus_days, '2024-03-15'::date - 15 AS minus_days;
SELECT '2024-03-15'::date - '2024-01-01'::date AS days_between;
SELECT '2024-01-31'::date + interval '1 month' AS plus_month;
SELECT '2024-03-15'::date + time '10:30' AS with_time;
SELECT '2024-03-15'::date < '2024-03-16'::date AS lt, '2024-03-15'::date = '2024-03-15 00:00'::timestamp AS eq_ts;
SELECT 'infinity'::date AS inf, '-infinity'::date AS ninf, 'infinity'::date > '9999-12-31'::date AS inf_gt;
SELECT '0001-01-01'::date AS first_ad, '4713-11-24 BC'::date AS julian_start, '0044-03-15 BC'::date AS bc;
SELECT '2023-02-29'::date;
SELECT '2024-13-01'::date;
SELECT 'not a date'::date;
SELECT '5874898-01-01'::date;
SELECT extract(year FROM date '2024-03-15') AS y, extract(month FROM date '2024-03-15') AS m,
       extract(day FROM date '2024-03-15') AS d, extract(dow FROM date '2024-03-15') AS dow,
       extract(doy FROM date '2024-03-15') AS doy;
SELECT make_date(2024, 2, 29), make_date(2023, 2, 29);

CREATE TABLE dt_t (id integer, d date);
INSERT INTO dt_t VALUES (1, '2024-03-15'), (2, '2023-12-31'), (3, NULL), (4, '2024-01-01');
SELECT id, d, d + 1 AS next_day FROM dt_t ORDER BY d NULLS FIRST, id;
SELECT min(d), max(d), count(d) FROM dt_t;
SELECT id FROM dt_t WHERE d BETWEEN '2024-01-01' AND '2024-12-31' ORDER BY id;
SELECT d::timestamp AS as_ts, d::text AS as_text FROM dt_t WHERE id = 1;
DROP TABLE dt_t;
