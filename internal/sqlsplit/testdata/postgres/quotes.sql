-- A ';' inside every kind of quote and comment must not end a statement.
-- comment; with a semicolon
SELECT 'it''s; fine' AS a;
SELECT E'it\'s; escaped \\' AS b, e'\';' AS c;
SELECT 'a backslash is literal here\' AS d;
SELECT U&'d\0061t\+000061;' AS e, U&"col;umn" AS "f;g";
SELECT B'1010', X'1F', N'nat;ional';
SELECT "quoted "" ident;ifier" FROM t;
SELECT 1 /* block; comment /* nested; */ still; comment */ + 2;
SELECT $$dollar; body$$, $tag$tagged; $$ not the end $$ body$tag$;
SELECT $1, a$b$c, d$$ FROM t WHERE x = $2; -- parameters, and $ inside identifiers
SELECT $é$non-ASCII tag; fine$é$;
SELECT 2*/*operator then comment;*/3, 4--;
;
