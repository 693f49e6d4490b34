package lint

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/checks/destructive"
	"github.com/strata-db/strata/internal/lint/checks/directive"
	"github.com/strata-db/strata/internal/lint/checks/idempotence"
	"github.com/strata-db/strata/internal/lint/checks/mixing"
	"github.com/strata-db/strata/internal/lint/checks/mysql"
	"github.com/strata-db/strata/internal/lint/checks/naming"
	"github.com/strata-db/strata/internal/lint/checks/postgres"
	"github.com/strata-db/strata/internal/lint/checks/revert"
	"github.com/strata-db/strata/internal/lint/checks/schema"
	"github.com/strata-db/strata/internal/lint/checks/size"
	"github.com/strata-db/strata/internal/lint/checks/transaction"
)

// Analyzers returns every check, in code order. The slice is new on each
// call; the analyzers are shared.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		naming.InvalidFile, naming.FileName, naming.DuplicateVersion, naming.VersionGap, naming.OutOfOrder, naming.VersionFormat, naming.EditedApplied,
		directive.UnknownLintCode,
		idempotence.CreateWithoutIfNotExists, idempotence.DropWithoutIfExists,
		revert.MissingDown, revert.IncompleteDown,
		transaction.NeedsNoTransaction, transaction.MultiStatementNoTransaction, transaction.TransactionControl, transaction.MySQLImplicitCommit, transaction.SessionBreaking,
		mixing.DDLDMLMix,
		schema.DuplicateDefinition, schema.ConflictingDefinition,
		destructive.DropTable, destructive.DropColumn, destructive.DropSchema, destructive.TruncateTable, destructive.RenameTable, destructive.RenameColumn,
		postgres.SyntaxError, postgres.IndexNotConcurrently, postgres.DropIndexNotConcurrently, postgres.ForeignKeyNotValid, postgres.CheckNotValid,
		postgres.SetNotNull, postgres.ColumnTypeChange, postgres.RewritingColumn, postgres.NotNullWithoutDefault, postgres.MissingLockTimeout, postgres.ConstraintBuildsIndex,
		mysql.MySQLTableCopy,
		size.TooLarge,
	}
}
