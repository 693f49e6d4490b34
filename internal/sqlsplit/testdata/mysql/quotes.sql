# hash comment; with a semicolon
SELECT 'it''s; here', 'it\'s; there', "dq; \" \\", `back;tick``s` FROM t; -- dash comment;
SELECT 1 --1;
SELECT 2 --
;
SELECT 3 /* block; comment */ + 1;
/*!40101 SET NAMES utf8 */;
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*M!100100 SET sql_mode = 'ANSI' */;
SELECT \N, 'a\\', x'4142', _utf8mb4'ü;';
SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t;
