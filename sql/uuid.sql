-- uuid: uuid input forms (hyphenated, braces, upper case, no hyphens), canonical
-- lower-case output, comparison and ordering, gen_random_uuid() shape, invalid input.
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS canonical;
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS upper_in, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid AS braces;
SELECT 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid AS no_hyphens, 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid AS groups_of_four;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT 'not-a-uuid'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS equal;
SELECT length(gen_random_uuid()::text) AS len, substr(gen_random_uuid()::text, 15, 1) AS version,
       gen_random_uuid() <> gen_random_uuid() AS distinct_values;
SELECT pg_typeof(gen_random_uuid());

CREATE TABLE uu_t (id uuid PRIMARY KEY, label text);
INSERT INTO uu_t VALUES
  ('00000000-0000-0000-0000-000000000002', 'two'),
  ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'max'),
  ('00000000-0000-0000-0000-000000000001', 'one');
INSERT INTO uu_t VALUES ('00000000-0000-0000-0000-000000000001', 'duplicate');
INSERT INTO uu_t (id, label) SELECT gen_random_uuid(), 'random';
SELECT id, label FROM uu_t WHERE label <> 'random' ORDER BY id;
SELECT count(*) FROM uu_t;
SELECT label FROM uu_t WHERE id = '00000000000000000000000000000002';
SELECT id::text, upper(id::text) FROM uu_t WHERE label = 'max';
SELECT min(id) FROM uu_t;
DROP TABLE uu_t;
