-- bytea: hex and escape input, hex output (bytea_output), length/octet_length,
-- concatenation, substring, get/set_byte, encode/decode, md5/sha256, comparisons.
SELECT '\x48656c6c6f'::bytea AS hex_in, 'Hello'::bytea AS text_in, '\000\001abc'::bytea AS escape_in;
SELECT E'\\xDEADBEEF'::bytea AS upper_hex, '\x'::bytea AS empty;
SELECT length('\x010203'::bytea), octet_length('\x010203'::bytea);
SELECT '\x0102'::bytea || '\x0304'::bytea AS concat, substring('\x0102030405'::bytea FROM 2 FOR 3) AS sub;
SELECT get_byte('\x0a0b0c'::bytea, 1) AS b1, set_byte('\x0a0b0c'::bytea, 0, 255) AS set0;
SELECT encode('Hello'::bytea, 'hex') AS hex, encode('Hello'::bytea, 'base64') AS b64, encode('\x00ff41'::bytea, 'escape') AS esc;
SELECT decode('48656c6c6f', 'hex') AS from_hex, decode('SGVsbG8=', 'base64') AS from_b64;
SELECT convert_from('\x48c3a9'::bytea, 'UTF8') AS utf8_text, convert_to('é', 'UTF8') AS utf8_bytes;
SELECT md5('\x00'::bytea), sha256('abc'::bytea);
SELECT '\x01'::bytea < '\x02'::bytea AS lt, '\x01'::bytea < '\x0100'::bytea AS prefix_lt, '\xff'::bytea > '\x0100'::bytea AS gt;
SELECT '\xzz'::bytea;
SELECT '\x123'::bytea;
SELECT get_byte('\x01'::bytea, 5);
SET bytea_output = 'escape';
SELECT 'Hello\000'::bytea AS escaped_out, '\x0a41ff'::bytea AS mixed;
RESET bytea_output;

CREATE TABLE by_t (id integer, data bytea);
INSERT INTO by_t VALUES (1, '\xcafe'), (2, ''), (3, NULL), (4, '\x00');
SELECT id, data, length(data) FROM by_t ORDER BY data NULLS LAST, id;
SELECT string_agg(data, '\x2c'::bytea ORDER BY id) FROM by_t;
DROP TABLE by_t;
