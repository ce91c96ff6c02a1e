-- joins: INNER, LEFT, RIGHT, FULL OUTER, CROSS, NATURAL and USING joins, join conditions
-- vs WHERE filters on outer joins, self-joins, multi-way joins and ambiguous column errors.
CREATE TABLE jn_emp (id integer, name text, dept_id integer, manager_id integer);
CREATE TABLE jn_dept (dept_id integer, dept_name text);
INSERT INTO jn_emp VALUES (1, 'ann', 10, NULL), (2, 'bob', 10, 1), (3, 'cid', 20, 1), (4, 'dee', NULL, 2), (5, 'eve', 30, 3);
INSERT INTO jn_dept VALUES (10, 'eng'), (20, 'ops'), (40, 'hr');

SELECT e.name, d.dept_name FROM jn_emp e JOIN jn_dept d ON e.dept_id = d.dept_id ORDER BY e.name;
SELECT e.name, d.dept_name FROM jn_emp e INNER JOIN jn_dept d ON e.dept_id = d.dept_id AND d.dept_name <> 'ops' ORDER BY e.name;
SELECT e.name, d.dept_name FROM jn_emp e LEFT JOIN jn_dept d ON e.dept_id = d.dept_id ORDER BY e.name;
SELECT e.name, d.dept_name FROM jn_emp e RIGHT JOIN jn_dept d ON e.dept_id = d.dept_id ORDER BY d.dept_name, e.name;
SELECT e.name, d.dept_name FROM jn_emp e FULL OUTER JOIN jn_dept d ON e.dept_id = d.dept_id ORDER BY e.name NULLS LAST, d.dept_name;
SELECT e.name, d.dept_name FROM jn_emp e CROSS JOIN jn_dept d WHERE e.id <= 2 ORDER BY e.name, d.dept_name;
SELECT count(*) FROM jn_emp, jn_dept;
SELECT * FROM jn_emp NATURAL JOIN jn_dept ORDER BY id;
SELECT dept_id, name, dept_name FROM jn_emp JOIN jn_dept USING (dept_id) ORDER BY name;
SELECT * FROM jn_emp LEFT JOIN jn_dept USING (dept_id) ORDER BY id;
SELECT dept_id, e.name, d.dept_name FROM jn_emp e FULL JOIN jn_dept d USING (dept_id) ORDER BY dept_id NULLS FIRST, e.name;

-- ON vs WHERE for outer joins
SELECT e.name, d.dept_name FROM jn_emp e LEFT JOIN jn_dept d ON e.dept_id = d.dept_id AND d.dept_name = 'eng' ORDER BY e.name;
SELECT e.name, d.dept_name FROM jn_emp e LEFT JOIN jn_dept d ON e.dept_id = d.dept_id WHERE d.dept_name = 'eng' ORDER BY e.name;
SELECT e.name FROM jn_emp e LEFT JOIN jn_dept d ON e.dept_id = d.dept_id WHERE d.dept_id IS NULL ORDER BY e.name;

-- self-join and three-way join
SELECT e.name AS employee, m.name AS manager FROM jn_emp e LEFT JOIN jn_emp m ON e.manager_id = m.id ORDER BY e.id;
SELECT e.name, m.name AS manager, d.dept_name
FROM jn_emp e JOIN jn_emp m ON e.manager_id = m.id JOIN jn_dept d ON d.dept_id = m.dept_id ORDER BY e.name;
SELECT d.dept_name, count(e.id) AS headcount FROM jn_dept d LEFT JOIN jn_emp e ON e.dept_id = d.dept_id GROUP BY d.dept_name ORDER BY d.dept_name;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) JOIN (VALUES (2), (3)) b(y) ON a.x < b.y ORDER BY a.x, b.y;
SELECT e.name, d.dept_name FROM jn_emp e JOIN jn_dept d ON true WHERE e.id = 1 ORDER BY d.dept_name;

-- errors
SELECT dept_id FROM jn_emp JOIN jn_dept ON jn_emp.dept_id = jn_dept.dept_id;
SELECT * FROM jn_emp JOIN jn_dept USING (nope);
SELECT * FROM jn_emp e JOIN jn_dept d ON e.dept_id = d.id;
SELECT * FROM jn_emp JOIN jn_dept;
DROP TABLE jn_emp, jn_dept;
