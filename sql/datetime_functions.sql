-- datetime_functions: date_trunc, extract/date_part for many fields, age, make_date/make_time/
-- make_timestamp/make_interval, to_timestamp, date_bin, and masked checks of now()/current_date.
SELECT date_trunc('year', timestamp '2024-07-15 13:45:30.5') AS y, date_trunc('month', timestamp '2024-07-15 13:45:30.5') AS m,
       date_trunc('day', timestamp '2024-07-15 13:45:30.5') AS d, date_trunc('hour', timestamp '2024-07-15 13:45:30.5') AS h;
SELECT date_trunc('week', timestamp '2024-07-17 10:00') AS week_monday, date_trunc('quarter', date '2024-08-20') AS quarter,
       date_trunc('minute', timestamp '2024-07-15 13:45:30.5') AS minute, date_trunc('second', timestamp '2024-07-15 13:45:30.5') AS second;
SELECT date_trunc('day', timestamptz '2024-07-15 23:30:00+00') AS tz_day, date_trunc('day', timestamptz '2024-07-15 23:30:00+00', 'Asia/Tokyo') AS tokyo_day;
SELECT date_trunc('fortnight', timestamp '2024-07-15');
SELECT extract(year FROM timestamp '2024-07-15 13:45:30.5') AS year, extract(quarter FROM timestamp '2024-07-15') AS q,
       extract(week FROM timestamp '2024-07-15') AS week, extract(isodow FROM timestamp '2024-07-14') AS isodow,
       extract(second FROM timestamp '2024-07-15 13:45:30.5') AS sec, extract(milliseconds FROM timestamp '2024-07-15 13:45:30.5') AS ms;
SELECT extract(epoch FROM timestamp '2024-07-15 00:00:00') AS epoch, extract(century FROM date '2024-01-01') AS century,
       extract(decade FROM date '2024-01-01') AS decade, extract(isoyear FROM date '2024-12-30') AS isoyear, extract(julian FROM date '2024-01-01') AS julian;
SELECT date_part('hour', timestamp '2024-07-15 13:45') AS hour, date_part('dow', date '2024-07-15') AS dow, pg_typeof(date_part('hour', timestamp '2024-07-15')) AS part_type,
       pg_typeof(extract(hour FROM timestamp '2024-07-15')) AS extract_type;
SELECT extract(timezone FROM timestamptz '2024-07-15 12:00+00') AS tz_offset;
SELECT extract(nope FROM timestamp '2024-07-15');
SELECT age(timestamp '2024-07-15', timestamp '2000-02-29') AS age1, age(date '2024-03-01', date '2024-01-31') AS age2,
       age(timestamp '2024-01-01 10:00', timestamp '2024-01-02 12:30') AS negative;
SELECT make_date(2024, 7, 15), make_time(13, 45, 30.5), make_timestamp(2024, 7, 15, 13, 45, 30.25),
       make_timestamptz(2024, 7, 15, 13, 45, 0, 'UTC') AS mtz;
SELECT make_interval(years => 1, months => 2, days => 3, hours => 4, mins => 5, secs => 6.5) AS mi, make_interval(weeks => 2) AS two_weeks;
SELECT make_time(25, 0, 0);
SELECT make_date(2024, 0, 1);
SELECT to_timestamp(0) AS epoch0, to_timestamp(1721047530.5) AS frac, to_timestamp('15/07/2024 13:45', 'DD/MM/YYYY HH24:MI') AS parsed;
SELECT date_bin('15 minutes', timestamp '2024-07-15 13:47:12', timestamp '2024-01-01') AS binned;
SELECT (date '2024-07-15', date '2024-07-20') OVERLAPS (date '2024-07-18', date '2024-07-25') AS overlaps;
SELECT isfinite(date '2024-01-01'), isfinite('infinity'::timestamp);
SELECT now() = now() AS stable_in_statement, now() = current_timestamp AS same, current_date = now()::date AS today,
       pg_typeof(now()) AS now_type, pg_typeof(current_date) AS date_type, pg_typeof(localtimestamp) AS local_type,
       clock_timestamp() >= now() AS clock_later, now() - now() AS zero;
SELECT current_time IS NOT NULL AS has_time, current_timestamp(0) <= now() + interval '1 second' AS rounded;
BEGIN;
SELECT now() = statement_timestamp() AS first_statement_same;
SELECT transaction_timestamp() = now() AS tx_same;
COMMIT;
