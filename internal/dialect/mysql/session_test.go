package mysql

import (
	"testing"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// TestSessionStatements pins which statements make strata restore the
// session after their section (changesSession) and which a resumed
// section runs again (SetsSession), mysqldump's executable comments
// among them.
func TestSessionStatements(t *testing.T) {
	for _, tc := range []struct {
		text          string
		changes, sets bool
	}{
		{"CREATE TABLE t (id int)", false, false},
		{"create table t (id int)", false, false},
		{"ALTER TABLE t ADD COLUMN x int", false, false},
		{"DROP TABLE IF EXISTS `t`", false, false},
		{"INSERT INTO t VALUES (1)", false, false},
		{"UPDATE t SET x = 1", false, false},
		{"DELETE FROM t", false, false},
		{"REPLACE INTO t VALUES (1)", false, false},
		{"RENAME TABLE a TO b", false, false},
		{"TRUNCATE TABLE t", false, false},
		{"/*!40000 ALTER TABLE `t` DISABLE KEYS */", false, false},
		{"/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`%`*/ /*!50003 PROCEDURE p() BEGIN SET @x = 1; END */", false, false},
		{"CREATE PROCEDURE p() BEGIN SET SESSION sql_mode = ''; END", false, false},
		{"SET FOREIGN_KEY_CHECKS=0", true, true},
		{"set names latin1", true, true},
		{"SET SESSION sql_mode = 'ANSI'", true, true},
		{"SET @@SESSION.time_zone = '+00:00'", true, true},
		{"SET @x = 1", true, true},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", true, true},
		{"SET ROLE r", true, true},
		{"/*!40101 SET NAMES utf8mb4 */", true, true},
		{"/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */", true, true},
		{"/*M!100100 SET x = 1 */", true, true},
		{"/*!40103SET TIME_ZONE='+00:00' */", true, true},
		{"USE other", true, true},
		{"use `other`", true, true},
		{"CALL p()", true, false},
		{"EXECUTE s", true, false},
		{"PREPARE s FROM 'SET @x = 1'", true, false},
		{"EXECUTE IMMEDIATE 'SET sql_mode = \"\"'", true, false},
		{"SELECT set_things()", true, false},
		{"DO set_things()", true, false},
		{"BEGIN NOT ATOMIC SET @@SESSION.sql_mode = ''; END", true, false},
		{"LOCK TABLES t WRITE", true, false},
		{"UNLOCK TABLES", true, false},
		{"(SELECT 1)", true, false},
		{"/*!*/", true, false},
	} {
		if got := changesSession([]sqlsplit.Statement{{Text: tc.text}}); got != tc.changes {
			t.Errorf("changesSession(%q) = %v, want %v", tc.text, got, tc.changes)
		}
		if got := (Engine{}).SetsSession(tc.text); got != tc.sets {
			t.Errorf("SetsSession(%q) = %v, want %v", tc.text, got, tc.sets)
		}
	}
	if changesSession(nil) {
		t.Error("an empty section changes the session")
	}
}
