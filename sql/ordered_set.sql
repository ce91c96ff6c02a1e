-- ordered_set: WITHIN GROUP aggregates: percentile_cont and percentile_disc (single
-- fraction and arrays), mode(), per group, with NULLs ignored, and invalid fractions.
CREATE TABLE os_t (grp text, v integer, d date);
INSERT INTO os_t VALUES
  ('a', 1, '2024-01-01'), ('a', 2, '2024-01-05'), ('a', 3, '2024-01-05'), ('a', 4, '2024-02-01'),
  ('b', 10, '2023-06-01'), ('b', 10, '2023-06-01'), ('b', 30, '2023-07-01'), ('b', NULL, NULL);

SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median_cont, percentile_disc(0.5) WITHIN GROUP (ORDER BY v) AS median_disc FROM os_t;
SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS med, percentile_cont(0.25) WITHIN GROUP (ORDER BY v) AS q1,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY v) AS p90 FROM os_t GROUP BY grp ORDER BY grp;
SELECT percentile_cont(ARRAY[0, 0.25, 0.5, 0.75, 1]) WITHIN GROUP (ORDER BY v) AS quartiles FROM os_t WHERE grp = 'a';
SELECT percentile_disc(ARRAY[0.1, 0.5]) WITHIN GROUP (ORDER BY v DESC) AS desc_order FROM os_t;
SELECT mode() WITHIN GROUP (ORDER BY v) AS mode_v, mode() WITHIN GROUP (ORDER BY d) AS mode_d FROM os_t;
SELECT grp, mode() WITHIN GROUP (ORDER BY d) AS common_day FROM os_t GROUP BY grp ORDER BY grp;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY d) AS median_day FROM os_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM os_t WHERE false;
SELECT pg_typeof(percentile_cont(0.5) WITHIN GROUP (ORDER BY v)), pg_typeof(percentile_disc(0.5) WITHIN GROUP (ORDER BY v)) FROM os_t;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY v) FROM os_t;
SELECT percentile_cont(0.5) FROM os_t;
DROP TABLE os_t;
