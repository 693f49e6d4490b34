DROP PROCEDURE IF EXISTS p;
DELIMITER $$
CREATE PROCEDURE p()
BEGIN
  SELECT 'a;b';
  SELECT 1;
END$$
DELIMITER ;
delimiter //
CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW
BEGIN
  SET NEW.a = 1; -- // in a comment does not count
  SET NEW.b = '//', NEW.c = "//"; /* // */
END //
   Delimiter ;  the rest of the line is ignored
SELECT 1; DELIMITER ;;
SELECT 2;;
SELECT 3;
SELECT 4 ;;
DELIMITER ';'
SELECT 5;
DELIMITER end
SELECT 'backend' FROM backend
DELIMITER ;
SELECT 6
