-- to_char: formatting dates, timestamps, intervals and numbers with templates
-- (YYYY MM DD HH24 MI SS MS US, Month/Day names, FM, TH, 9 0 . , S PR), plus to_date/to_number/to_timestamp.
SELECT to_char(timestamp '2024-03-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS') AS iso;
SELECT to_char(timestamp '2024-03-05 14:07:09.123456', 'HH12:MI AM') AS h12, to_char(timestamp '2024-03-05 02:07:09', 'HH:MI pm') AS h12pm;
SELECT to_char(timestamp '2024-03-05 14:07:09.123456', 'MS US') AS frac;
SELECT to_char(date '2024-03-05', 'Day, DD Month YYYY') AS padded, to_char(date '2024-03-05', 'FMDay, FMDD FMMonth YYYY') AS fm;
SELECT to_char(date '2024-03-05', 'DY Mon dd yy') AS abbrev, to_char(date '2024-03-05', 'DDD "day of" YYYY') AS quoted;
SELECT to_char(date '2024-03-01', 'DDth') AS th1, to_char(date '2024-03-02', 'DDth') AS th2, to_char(date '2024-03-23', 'FMDDTH') AS th23;
SELECT to_char(date '2024-03-05', 'Q WW IW D J') AS misc;
SELECT to_char(timestamptz '2024-03-05 14:07:09+00', 'YYYY-MM-DD HH24:MI:SS TZ OF') AS with_zone;
SELECT to_char(interval '3 days 04:05:06', 'DD HH24:MI:SS') AS iv;
SELECT to_char(1234.5, '9999.99') AS n1, to_char(1234.5, '0000099.90') AS n2, to_char(-1234.5, '9,999.9') AS n3;
SELECT to_char(1234567.891, 'FM9,999,999.99') AS fm_num, to_char(0.5, '0.99') AS lead_zero, to_char(0.5, '9.99') AS no_lead;
SELECT to_char(-42, 'S999') AS sign, to_char(-42, '999PR') AS pr, to_char(42, '999MI') AS mi;
SELECT to_char(12345, '999') AS overflow_hashes, to_char(3, 'RN') AS roman, to_char(1.5e10::float8, '9.99EEEE') AS sci;
SELECT to_char(123, '999th') AS ordinal, to_char(42::bigint, '00000') AS padded_int;
SELECT to_date('05 Mar 2024', 'DD Mon YYYY') AS d1, to_date('2024-065', 'YYYY-DDD') AS d2;
SELECT to_timestamp('2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS') AS ts;
SELECT to_number('12,345.67', '99G999D99') AS n, to_number('-1.5', '9.9S') AS trailing_sign;
SELECT to_date('2024-13-01', 'YYYY-MM-DD');
