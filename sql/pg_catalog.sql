-- pg_catalog: catalog relations, catalog functions and reg* casts over a user table
CREATE TABLE pc_t (id serial PRIMARY KEY, name text NOT NULL UNIQUE, price numeric(10,2), tags text[], born date);
SELECT relname, relkind, relnatts, relhasindex, relpersistence FROM pg_class WHERE relname LIKE 'pc\_t%' ORDER BY relname;
SELECT c.relname, n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relname IN ('pg_class', 'pg_type', 'pc_t') ORDER BY 1;
SELECT attname, format_type(atttypid, atttypmod), attnotnull, attnum FROM pg_attribute
 WHERE attrelid = 'pc_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT conname, contype, pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'pc_t'::regclass ORDER BY conname;
SELECT indexrelid::regclass AS index, indisunique, indisprimary, indnatts, pg_get_indexdef(indexrelid, 0, true)
 FROM pg_index WHERE indrelid = 'pc_t'::regclass ORDER BY 1;
SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'pc_t'::regclass ORDER BY 1;
SELECT pg_get_serial_sequence('pc_t', 'id'), pg_get_userbyid(10), pg_table_is_visible('pc_t'::regclass);
SELECT 'pc_t'::regclass, 'pg_class'::regclass, 'int4'::regtype, 'pg_catalog.array_recv'::regproc, 'public'::regnamespace;
SELECT 'pg_type'::regclass::oid AS pg_type, 'array_recv'::regproc::oid AS array_recv, 'array_in'::regproc::oid AS array_in;
SELECT typname, typtype, typcategory, typlen, typelem::regtype, typarray::regtype, typreceive
 FROM pg_type WHERE oid IN (16, 23, 25, 1007, 1043, 2249) ORDER BY oid;
SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'pg_catalog', 'information_schema') ORDER BY 1;
SELECT current_schemas(true), current_schemas(false), current_schema();
SELECT format_type(1043, 24), format_type(1700, 655366), format_type(1042, NULL), format_type(1007, -1);
SELECT pg_encoding_to_char(6), pg_size_pretty(10240::bigint), pg_size_pretty(123456789::bigint);
SELECT datname, pg_encoding_to_char(encoding), datcollate FROM pg_database WHERE datname = 'postgres';
SELECT rolname, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = 'postgres';
SELECT amname, amtype FROM pg_am WHERE amname IN ('heap', 'btree') ORDER BY 1;
SELECT count(*) FROM pg_inherits WHERE inhrelid = 'pc_t'::regclass;
SELECT setting FROM pg_settings WHERE name = 'max_index_keys';
SELECT table_name, column_name, ordinal_position, data_type, is_nullable, character_maximum_length, numeric_precision
 FROM information_schema.columns WHERE table_name = 'pc_t' ORDER BY ordinal_position;
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name LIKE 'pc\_%' ORDER BY 2;
SELECT constraint_name, constraint_type FROM information_schema.table_constraints
 WHERE table_name = 'pc_t' AND constraint_type <> 'CHECK' ORDER BY 1;
SELECT constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage WHERE table_name = 'pc_t' ORDER BY 1, 3;
SELECT 'no_such_table'::regclass;
SELECT 'no_such_type'::regtype;
DROP TABLE pc_t;
