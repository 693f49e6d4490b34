-- mariadb-dump 10.11 --skip-dump-date --skip-extended-insert of a database that strata 0.1.0
-- as of commit e16e6ee (the previous release) tracked, as generated; only its first line, the
-- client's sandbox-mode marker, is taken out. See testdata/upgrade/README.
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: upg_fixture_prev
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `authors`
--

DROP TABLE IF EXISTS `authors`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `authors` (
  `id` int(11) NOT NULL,
  `name` varchar(200) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `authors`
--

LOCK TABLES `authors` WRITE;
/*!40000 ALTER TABLE `authors` DISABLE KEYS */;
INSERT INTO `authors` VALUES (1,'Ursula');
/*!40000 ALTER TABLE `authors` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `books`
--

DROP TABLE IF EXISTS `books`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `books` (
  `id` int(11) NOT NULL,
  `author_id` int(11) NOT NULL,
  `title` varchar(200) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `books`
--

LOCK TABLES `books` WRITE;
/*!40000 ALTER TABLE `books` DISABLE KEYS */;
/*!40000 ALTER TABLE `books` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `migration_locks`
--

DROP TABLE IF EXISTS `migration_locks`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `migration_locks` (
  `lock_key` varchar(255) NOT NULL,
  `owner` varchar(255) NOT NULL,
  `locked_at` datetime(6) NOT NULL,
  `locked_by` text NOT NULL,
  `process_id` int(11) NOT NULL,
  `command` varchar(255) NOT NULL,
  `heartbeat_at` datetime(6) NOT NULL,
  `version` varchar(255) DEFAULT NULL,
  `direction` varchar(255) DEFAULT NULL,
  `filename` text DEFAULT NULL,
  `started_at` datetime(6) DEFAULT NULL,
  `statements_done` int(11) DEFAULT NULL,
  `statement_checksums` text DEFAULT NULL,
  `in_transaction` tinyint(1) DEFAULT NULL,
  PRIMARY KEY (`lock_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `migration_locks`
--

LOCK TABLES `migration_locks` WRITE;
/*!40000 ALTER TABLE `migration_locks` DISABLE KEYS */;
/*!40000 ALTER TABLE `migration_locks` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `schema_migrations`
--

DROP TABLE IF EXISTS `schema_migrations`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `schema_migrations` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `version` varchar(255) NOT NULL,
  `name` varchar(255) NOT NULL,
  `filename` varchar(1024) NOT NULL,
  `checksum` varchar(80) NOT NULL,
  `down_checksum` varchar(80) DEFAULT NULL,
  `direction` varchar(16) NOT NULL,
  `applied_at` datetime(6) NOT NULL,
  `execution_time_ms` bigint(20) NOT NULL,
  `success` tinyint(1) NOT NULL,
  `error_code` varchar(32) DEFAULT NULL,
  `error_message` text DEFAULT NULL,
  `error_statement` int(11) DEFAULT NULL,
  `error_line` int(11) DEFAULT NULL,
  `statements_applied` int(11) NOT NULL,
  `statements_total` int(11) NOT NULL,
  `statement_checksums` mediumtext DEFAULT NULL,
  `applied_by` varchar(512) NOT NULL,
  `process_id` int(11) NOT NULL,
  `strata_version` varchar(64) NOT NULL,
  `warnings` mediumtext DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `version_idx` (`version`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='strata: one row per migration attempt; never updated or deleted';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `schema_migrations`
--

LOCK TABLES `schema_migrations` WRITE;
/*!40000 ALTER TABLE `schema_migrations` DISABLE KEYS */;
INSERT INTO `schema_migrations` VALUES (1,'1','create_authors','001_create_authors.sql','sha256:3537c16c6ac055a69c36ad23436048ccdf16a504b8c61f88231f31b5653b095c','sha256:1815c0acfae2cac72fe0cd35e04c186e233a067a8e89845b1778c3d39c7abd43','up','2026-12-07 16:48:44.292886',48,1,NULL,NULL,NULL,NULL,1,1,NULL,'root@127.0.0.1 (root@vm)',22044,'0.1.0',NULL);
INSERT INTO `schema_migrations` VALUES (2,'2','create_books','002_create_books.sql','sha256:dfb8fae13fbe990c78229cce6fdf0a9814d1379e136933ac8c6c0dc135b0c004','sha256:8a27ff1f7eeb436e34ac8b719fe1d04005e897e8f6dbbd67072b170e637b1672','up','2026-12-07 16:48:44.347370',55,1,NULL,NULL,NULL,NULL,2,2,NULL,'root@127.0.0.1 (root@vm)',22044,'0.1.0',NULL);
INSERT INTO `schema_migrations` VALUES (3,'3','create_tags','003_create_tags.sql','sha256:111a6f3d9bebfea0241219ab07eefecac73477ea59f8bc45eabb52ea06cf66d2','sha256:fe77b4ab47fa600980fc5ccaac7b0d08301306f55a302fb1cc3e953bb6bd2dab','up','2026-12-07 16:48:44.405279',1,0,'1146','Table \'upg_fixture_prev.no_such_table\' doesn\'t exist',1,2,0,1,NULL,'root@127.0.0.1 (root@vm)',22044,'0.1.0',NULL);
INSERT INTO `schema_migrations` VALUES (4,'3','create_tags','003_create_tags.sql','sha256:6d82b34112e9899b5e192df6b1780690e28a5d2c82fbb5c0a0c4269349a7191c','sha256:fe77b4ab47fa600980fc5ccaac7b0d08301306f55a302fb1cc3e953bb6bd2dab','up','2026-12-07 16:48:44.640259',33,1,NULL,NULL,NULL,NULL,1,1,NULL,'root@127.0.0.1 (root@vm)',22076,'0.1.0',NULL);
/*!40000 ALTER TABLE `schema_migrations` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `tags`
--

DROP TABLE IF EXISTS `tags`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `tags` (
  `id` int(11) NOT NULL,
  `label` varchar(50) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `tags`
--

LOCK TABLES `tags` WRITE;
/*!40000 ALTER TABLE `tags` DISABLE KEYS */;
/*!40000 ALTER TABLE `tags` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
