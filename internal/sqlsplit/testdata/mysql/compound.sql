-- Compound bodies written without DELIMITER: the server takes them as one
-- statement, so they must not be cut at the ';' inside.
CREATE DEFINER=`root`@`localhost` PROCEDURE counter(IN n INT, OUT label VARCHAR(10))
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE done INT DEFAULT FALSE;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  outer_loop: LOOP
    SET i = i + 1;
    IF i > n THEN
      LEAVE outer_loop;
    ELSEIF i = 2 THEN
      ITERATE outer_loop;
    ELSE
      SET label = IF(i > 5, 'big', 'small');
    END IF;
    WHILE i < 3 DO
      SET i = i + 1;
    END WHILE;
    REPEAT
      SET i = i + 1;
    UNTIL i > 10 END REPEAT;
    CASE i
      WHEN 1 THEN SET label = 'one';
      ELSE BEGIN
        SET label = CASE WHEN i > 100 THEN 'huge' ELSE 'other' END;
      END;
    END CASE;
  END LOOP outer_loop;
  SELECT REPEAT('x', 3);
  CREATE TABLE IF NOT EXISTS tmp (a INT);
END;
CREATE FUNCTION hello(s CHAR(20)) RETURNS CHAR(50) DETERMINISTIC
RETURN CONCAT('Hello, ', s, '!');
CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
IF NEW.a < 0 THEN SET NEW.a = 0; END IF;
CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO
BEGIN
  DELETE FROM log WHERE ts < NOW() - INTERVAL 1 DAY;
  DELETE FROM audit;
END;
BEGIN;
INSERT INTO t VALUES (1);
COMMIT;
START TRANSACTION;
BEGIN NOT ATOMIC
  DECLARE x INT DEFAULT 1;
  IF x THEN SELECT 1; END IF;
END;
SELECT IF(1, 'a;', 'b'), REPEAT(';', 2);
