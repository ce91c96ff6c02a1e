-- string_format: format() with %s %I %L and positional/width specifiers,
-- to_hex, number-to-text casts, and text-to-type casting of strings.
SELECT format('Hello, %s!', 'world');
SELECT format('%s + %s = %s', 1, 2, 1 + 2);
SELECT format('%I.%I', 'public', 'My Table') AS ident, format('%L', 'O''Reilly') AS lit, format('%L', NULL) AS null_lit;
SELECT format('%s', NULL) AS null_s, format('[%10s]', 'right') AS w, format('[%-10s]', 'left') AS lw;
SELECT format('%2$s %1$s', 'world', 'hello') AS positional;
SELECT format('%s %s', 'only one');
SELECT format('%z', 1);
SELECT format('100%%') AS percent;
SELECT format('%s', ARRAY[1, 2, 3]) AS arr, format('%s', 1.50) AS num, format('%s', true) AS bool;
SELECT to_hex(255), to_hex(-1), to_hex(4294967296::bigint);
SELECT 42::text, 4.20::text, (-1)::text || 'x' AS neg, true::text, 1e3::text;
SELECT CAST(123 AS varchar(2));
SELECT 'x' || repeat('-', 5) || 'x' AS framed;
SELECT concat_ws(', ', 'a', 'b', 'c') AS csv_line;
SELECT E'line1\nline2' AS two_lines;
SELECT E'col1\tcol2' AS tabbed, 'back\slash' AS backslash;
SELECT length(E'\u00e9') AS unicode_escape, U&'\0041\0042' AS uescape;
