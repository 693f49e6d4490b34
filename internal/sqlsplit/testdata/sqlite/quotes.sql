-- comment; with a semicolon
SELECT 'it''s; fine', "ident;""x", `back;``tick`, [bracket;ident] FROM t;
SELECT 1 /* block; comment */ + 2;
SELECT 'backslash\' AS literal;
SELECT x'00ff', $var, :name, @at, ?1;
