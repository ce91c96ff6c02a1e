-- The schema the psql meta-commands describe: primary keys, unique constraints, serial and identity columns.
DROP TABLE IF EXISTS cmp_books, cmp_authors;
CREATE TABLE cmp_authors (id serial PRIMARY KEY, name text NOT NULL UNIQUE, born date);
CREATE TABLE cmp_books (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id int NOT NULL, title varchar(200),
    price numeric(10,2), tags text[]);
