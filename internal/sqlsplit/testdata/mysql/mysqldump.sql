/*!40101 SET @saved_cs_client     = @@character_set_client */;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER ins_sum BEFORE INSERT ON account FOR EACH ROW BEGIN
  SET @sum = @sum + NEW.amount;
END */;;
DELIMITER ;
/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`%`*/ /*!50003 PROCEDURE p()
BEGIN
  SELECT 1;
END */;
/*!40101 SET character_set_client = @saved_cs_client */;
