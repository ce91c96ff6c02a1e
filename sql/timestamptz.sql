-- timestamptz: timestamp with time zone input with offsets and zone names,
-- output in the session TimeZone (UTC here, then others), AT TIME ZONE, and conversions.
SHOW TimeZone;
SELECT '2024-03-15 10:30:00+02'::timestamptz AS plus2, '2024-03-15 10:30:00-05:30'::timestamptz AS minus530;
SELECT '2024-03-15 10:30:00'::timestamptz AS no_zone, '2024-03-15 10:30:00 UTC'::timestamptz AS utc;
SELECT '2024-07-01 12:00 America/New_York'::timestamptz AS ny_summer, '2024-01-01 12:00 America/New_York'::timestamptz AS ny_winter;
SELECT '2024-03-15 10:30:00+02'::timestamptz AT TIME ZONE 'UTC' AS at_utc;
SELECT '2024-03-15 10:30:00+00'::timestamptz AT TIME ZONE 'Asia/Tokyo' AS at_tokyo;
SELECT '2024-03-15 10:30:00'::timestamp AT TIME ZONE 'Europe/Paris' AS from_paris;
SELECT timezone('UTC', '2024-03-15 10:30:00+03'::timestamptz) AS fn;
SELECT '2024-03-15 10:30:00+02'::timestamptz = '2024-03-15 08:30:00+00'::timestamptz AS same_instant;
SELECT '2024-03-15 10:30:00+02'::timestamptz::timestamp AS to_ts, '2024-03-15'::date::timestamptz AS from_date;
SELECT extract(epoch FROM '2024-03-15 00:00:00+00'::timestamptz) AS epoch, to_timestamp(1710460800) AS from_epoch;
SELECT '2024-03-15 10:30:00.123+00'::timestamptz(1) AS p1;

SET TimeZone = 'America/New_York';
SHOW TimeZone;
SELECT '2024-03-15 10:30:00+00'::timestamptz AS in_ny, '2024-03-10 01:30:00'::timestamptz AS before_dst, '2024-03-10 03:30:00'::timestamptz AS after_dst;
SELECT '2024-03-09 12:00:00'::timestamptz + interval '1 day' AS across_dst_day, '2024-03-09 12:00:00'::timestamptz + interval '24 hours' AS across_dst_hours;
SET TimeZone = '+05:30';
SELECT '2024-03-15 10:30:00+00'::timestamptz AS in_offset;
SET TIME ZONE 'Europe/Berlin';
SELECT '2024-03-15 10:30:00+00'::timestamptz AS in_berlin;
SET TIME ZONE LOCAL;
SHOW TimeZone;
SET TimeZone = 'UTC';

CREATE TABLE tz_t (id integer, at timestamptz);
INSERT INTO tz_t VALUES (1, '2024-03-15 10:30:00+02'), (2, '2024-03-15 09:00:00-01'), (3, '2024-03-15 08:00:00Z');
SELECT id, at FROM tz_t ORDER BY at, id;
SELECT id, at AT TIME ZONE 'UTC' AS utc_wall FROM tz_t ORDER BY id;
SELECT max(at) - min(at) AS spread FROM tz_t;
DROP TABLE tz_t;
