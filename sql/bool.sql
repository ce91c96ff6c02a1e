-- bool: boolean literals and text input forms, output as t/f, boolean operators,
-- ordering (false < true), bool_and/bool_or aggregates, and casts to and from boolean.
SELECT true AS t, false AS f, 'yes'::boolean AS yes, 'no'::boolean AS no, 'on'::boolean AS on_,
       'off'::boolean AS off_, '1'::boolean AS one, '0'::boolean AS zero, 'T'::boolean AS upper_t, ' true '::boolean AS spaced;
SELECT 'y'::boolean AS y, 'fal'::boolean AS prefix;
SELECT 'maybe'::boolean;
SELECT true AND false AS a, true OR false AS o, NOT true AS n, true = false AS eq, true > false AS gt;
SELECT true::text AS txt, 1::boolean AS from_int, 0::boolean AS from_zero, true::integer AS to_int;
SELECT 'true'::text::boolean AS from_text;
SELECT 2::boolean AS nonzero;
SELECT 1.5::boolean;

CREATE TABLE bl_t (id integer, active boolean);
INSERT INTO bl_t VALUES (1, true), (2, false), (3, NULL), (4, true);
SELECT id, active FROM bl_t ORDER BY active, id;
SELECT id, active FROM bl_t ORDER BY active DESC NULLS LAST, id;
SELECT bool_and(active), bool_or(active), every(active) FROM bl_t;
SELECT bool_and(active), bool_or(active) FROM bl_t WHERE id IN (1, 4);
SELECT active, count(*) FROM bl_t GROUP BY active ORDER BY active NULLS FIRST;
SELECT id, active IS TRUE AS is_t, active IS FALSE AS is_f, active IS UNKNOWN AS is_u FROM bl_t ORDER BY id;
SELECT count(*) FILTER (WHERE active) AS n_true, count(*) FILTER (WHERE NOT active) AS n_false FROM bl_t;
UPDATE bl_t SET active = NOT active WHERE active IS NOT NULL;
SELECT id, active FROM bl_t ORDER BY id;
DROP TABLE bl_t;
