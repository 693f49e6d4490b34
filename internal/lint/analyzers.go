package lint

import (
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Codes referred to outside their analyzer.
const (
	codeEditedApplied = "N106"
	codeLockTimeout   = "PG109"
)

// Analyzers returns every check, in code order. The slice is new on each
// call; the analyzers are shared.
func Analyzers() []*Analyzer {
	return []*Analyzer{
		invalidFile, fileName, duplicateVersion, versionGap, outOfOrder, versionFormat, editedApplied,
		unknownLintCode,
		createWithoutIfNotExists, dropWithoutIfExists,
		missingDown, incompleteDown,
		needsNoTransaction, multiStatementNoTransaction, transactionControl, mysqlImplicitCommit, sessionBreaking,
		ddlDMLMix,
		duplicateDefinition, conflictingDefinition,
		dropTable, dropColumn, dropSchema, truncateTable, renameTable, renameColumn,
		pgSyntaxError, indexNotConcurrently, dropIndexNotConcurrently, foreignKeyNotValid, checkNotValid,
		setNotNull, columnTypeChange, rewritingColumn, notNullWithoutDefault, missingLockTimeout, constraintBuildsIndex,
		mysqlTableCopy,
		tooLarge,
	}
}

// postgresOnly and mysqlOnly are Analyzer.Dialects values.
var (
	postgresOnly = []sqlsplit.Dialect{sqlsplit.Postgres}
	mysqlOnly    = []sqlsplit.Dialect{sqlsplit.MySQL}
)

// forEachUpOp calls f for every op of every up section, in order.
func (p *Pass) forEachUpOp(f func(s *stmt, o *op)) {
	p.forEachStmt(false, func(s *stmt) {
		for i := range s.ops {
			f(s, &s.ops[i])
		}
	})
}

// shortFile returns the base name of a file, for messages that refer to
// another migration.
func shortFile(file string) string {
	for i := len(file) - 1; i >= 0; i-- {
		if file[i] == '/' {
			return file[i+1:]
		}
	}
	return file
}
