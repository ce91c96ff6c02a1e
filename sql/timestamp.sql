-- timestamp: timestamp without time zone input/output, fractional seconds and
-- precision typmods, arithmetic with intervals, differences, and invalid input.
SELECT '2024-03-15 10:30:00'::timestamp AS ts, '2024-03-15T10:30:00.123456'::timestamp AS iso_t;
SELECT '2024-03-15 10:30:00.5'::timestamp AS half, '2024-03-15'::timestamp AS midnight;
SELECT TIMESTAMP '2024-03-15 23:59:59.999999' AS last_micro;
SELECT '2024-03-15 10:30:00.123456'::timestamp(0) AS p0, '2024-03-15 10:30:00.123456'::timestamp(3) AS p3;
SELECT '2024-03-15 10:30:00.5'::timestamp(0) AS rounds_up;
SELECT '2024-03-15 10:30'::timestamp + interval '1 day 2 hours' AS plus, '2024-03-15 10:30'::timestamp - interval '45 minutes' AS minus;
SELECT '2024-03-15 12:00'::timestamp - '2024-03-14 10:30'::timestamp AS diff;
SELECT '2024-01-31 00:00'::timestamp + interval '1 month' AS end_of_month, '2024-02-29'::timestamp + interval '1 year' AS leap_plus_year;
SELECT '2024-03-15 10:30:00+05'::timestamp AS zone_ignored;
SELECT 'infinity'::timestamp AS inf, '-infinity'::timestamp AS ninf, 'epoch'::timestamp AS epoch;
SELECT '1999-01-08 04:05:06 BC'::timestamp AS bc;
SELECT '2024-03-15 25:00:00'::timestamp;
SELECT '2024-03-15 10:61:00'::timestamp;
SELECT 'garbage'::timestamp;
SELECT '2024-03-15 24:00:00'::timestamp AS midnight_next;
SELECT time '10:30:15.25' AS t, time '23:59:59' + interval '2 seconds' AS wraps, '10:00'::time - '08:30'::time AS tdiff;

CREATE TABLE ts_t (id integer, at timestamp);
INSERT INTO ts_t VALUES (1, '2024-03-15 10:30:00'), (2, '2024-03-15 09:00:00.25'), (3, '2023-01-01 00:00:00'), (4, NULL);
SELECT id, at FROM ts_t ORDER BY at DESC NULLS LAST;
SELECT max(at) - min(at) AS span FROM ts_t;
SELECT id, at::date AS day, at::time AS clock FROM ts_t WHERE at IS NOT NULL ORDER BY id;
SELECT id FROM ts_t WHERE at >= '2024-03-15' AND at < '2024-03-16' ORDER BY id;
SELECT id, at + (id || ' hours')::interval AS shifted FROM ts_t WHERE id < 4 ORDER BY id;
DROP TABLE ts_t;
