-- window_functions: row_number, rank, dense_rank, percent_rank, ntile, lag/lead with offsets
-- and defaults, first_value/last_value/nth_value, aggregates OVER with PARTITION BY and ROWS/RANGE frames, named windows.
CREATE TABLE wf_t (id integer, dept text, salary integer);
INSERT INTO wf_t VALUES (1, 'eng', 100), (2, 'eng', 120), (3, 'eng', 120), (4, 'ops', 80), (5, 'ops', 90), (6, 'hr', 70), (7, 'eng', 90);

SELECT id, dept, salary, row_number() OVER (ORDER BY id) AS rn FROM wf_t ORDER BY id;
SELECT id, dept, salary,
       row_number() OVER w AS rn, rank() OVER w AS rnk, dense_rank() OVER w AS drnk, percent_rank() OVER w AS pr
FROM wf_t WINDOW w AS (PARTITION BY dept ORDER BY salary DESC) ORDER BY dept, salary DESC, id;
SELECT id, salary, ntile(3) OVER (ORDER BY salary, id) AS bucket, cume_dist() OVER (ORDER BY salary) AS cd FROM wf_t ORDER BY salary, id;
SELECT id, salary, lag(salary) OVER (ORDER BY id) AS prev, lead(salary) OVER (ORDER BY id) AS next,
       lag(salary, 2, 0) OVER (ORDER BY id) AS prev2, lead(salary, 1, -1) OVER (ORDER BY id) AS next_or FROM wf_t ORDER BY id;
SELECT id, dept, first_value(id) OVER (PARTITION BY dept ORDER BY salary, id) AS lowest,
       last_value(id) OVER (PARTITION BY dept ORDER BY salary, id) AS last_default_frame,
       last_value(id) OVER (PARTITION BY dept ORDER BY salary, id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS highest,
       nth_value(id, 2) OVER (PARTITION BY dept ORDER BY salary, id) AS second
FROM wf_t ORDER BY dept, salary, id;
SELECT id, dept, salary, sum(salary) OVER (PARTITION BY dept) AS dept_total,
       round(100.0 * salary / sum(salary) OVER (PARTITION BY dept), 1) AS pct FROM wf_t ORDER BY dept, id;
SELECT id, salary, sum(salary) OVER (ORDER BY salary) AS range_running, sum(salary) OVER (ORDER BY salary, id ROWS UNBOUNDED PRECEDING) AS rows_running
FROM wf_t ORDER BY salary, id;
SELECT id, salary, avg(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)::numeric(6,2) AS moving_avg,
       count(*) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS fwd_count FROM wf_t ORDER BY id;
SELECT id, salary, sum(salary) OVER (ORDER BY salary RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) AS within_10 FROM wf_t ORDER BY salary, id;
SELECT id, max(salary) OVER () AS overall_max, count(*) OVER () AS n FROM wf_t ORDER BY id;
SELECT dept, sum(salary) AS total, rank() OVER (ORDER BY sum(salary) DESC) AS dept_rank FROM wf_t GROUP BY dept ORDER BY dept_rank;
SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn FROM wf_t) AS s WHERE rn = 1 ORDER BY dept;
SELECT id, row_number() OVER (ORDER BY salary DESC, id) FROM wf_t ORDER BY id DESC LIMIT 3;

-- errors
SELECT id FROM wf_t WHERE row_number() OVER (ORDER BY id) > 1;
SELECT ntile(0) OVER (ORDER BY id) FROM wf_t;
SELECT id, sum(salary) OVER missing_w FROM wf_t;
SELECT lag(salary, -1) OVER (ORDER BY id) AS neg_offset_is_lead FROM wf_t ORDER BY id LIMIT 2;
DROP TABLE wf_t;
