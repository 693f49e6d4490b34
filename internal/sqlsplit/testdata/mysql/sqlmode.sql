-- A dump made with NO_BACKSLASH_ESCAPES: mysqldump saves the session's
-- sql_mode, sets its own, and restores it at the end.
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES' */;
INSERT INTO paths VALUES (1,'C:\'),(2,'D:\data\');
INSERT INTO paths VALUES (3,'it''s; here');
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
SELECT 'back to \'escapes\'; here';
SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');
SELECT "a\" FROM "t;x";
SET @@session.sql_mode = DEFAULT;
SELECT "b\";c";
