-- interval: interval input (verbose, ISO 8601, SQL standard), output in the
-- postgres IntervalStyle, arithmetic, justification, comparison and extraction.
SELECT interval '1 day' AS d, interval '2 hours 30 minutes' AS hm, interval '1 year 2 months 3 days' AS ymd;
SELECT '1 week'::interval AS week, '90 minutes'::interval AS mins, '1.5 days'::interval AS frac_day;
SELECT 'P1Y2M3DT4H5M6S'::interval AS iso, 'PT0.5S'::interval AS half_sec, '-1 day +2 hours'::interval AS mixed;
SELECT '10:30:15'::interval AS hms, '1 10:30'::interval AS day_hm, '@ 3 days ago'::interval AS ago;
SELECT interval '1 day' + interval '3 hours' AS add, interval '1 day' - interval '3 hours' AS sub;
SELECT interval '1 hour' * 2.5 AS mul, interval '1 day' / 3 AS div, -interval '5 minutes' AS neg;
SELECT interval '36 hours' AS h36, justify_hours(interval '36 hours') AS jh, justify_days(interval '45 days') AS jd,
       justify_interval(interval '1 month -1 hour') AS ji;
SELECT interval '1 day' = interval '24 hours' AS day_eq_24h, interval '1 month' = interval '30 days' AS month_eq_30d;
SELECT interval '1 day' > interval '23 hours' AS gt;
SELECT extract(hour FROM interval '3 days 4 hours 5 minutes') AS h, extract(epoch FROM interval '1 day 1 second') AS epoch,
       date_part('day', interval '3 days 4 hours') AS days;
SELECT interval '1 year' AS y, interval '0' AS zero, interval '-1 year -2 months' AS neg_ym;
SELECT interval '1 second' * 1000000 AS million_s, interval '0.000001 second' AS micro;
SELECT interval '1 day 2 hours'::text AS as_text;
SELECT 'one day'::interval;
SELECT interval '1' day AS one_day, interval '2' hour AS two_hours, interval '1-2' YEAR TO MONTH AS ym;

CREATE TABLE iv_t (id integer, dur interval);
INSERT INTO iv_t VALUES (1, '1 hour'), (2, '30 minutes'), (3, '1 day'), (4, '25 hours'), (5, NULL);
SELECT id, dur FROM iv_t ORDER BY dur NULLS LAST, id;
SELECT sum(dur) AS total, avg(dur) AS average, max(dur) AS longest FROM iv_t;
DROP TABLE iv_t;
