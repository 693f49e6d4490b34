package lint

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
