package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

// Defaults of the global settings.
const (
	defaultDatabase     = "sqlite:strata.db"
	defaultDir          = "migrations"
	defaultLockTimeout  = 60 * time.Second
	defaultHistoryTable = "schema_migrations"
	defaultLockTable    = "migration_locks"
)

// globalFlags are the flags every command takes.
type globalFlags struct {
	database     string
	dir          string
	configFile   string
	env          string
	json         bool
	lockTimeout  time.Duration
	historyTable string
	lockTable    string
}

// newRootCmd builds the strata command with all its subcommands.
func newRootCmd(o *output) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "strata",
		Short: "Versioned SQL schema migrations for PostgreSQL, MySQL/MariaDB and SQLite",
		Long: `strata applies versioned SQL migrations, keeps a record of every attempt,
refuses edited migrations, and lets only one runner work at a time.

Settings come from flags, then environment variables, then strata.toml
(an [env.NAME] table over its top level), then defaults.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Without this, "strata" alone would print help and exit 0 like
		// a successful command.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.SetOut(o.stdout)
	root.SetErr(o.stderr)
	root.CompletionOptions.DisableDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVarP(&g.database, "database", "d", defaultDatabase, "database URL (env STRATA_DATABASE_URL, then DATABASE_URL)")
	pf.StringVar(&g.dir, "dir", defaultDir, "migrations directory (env STRATA_DIR)")
	pf.StringVar(&g.configFile, "config", defaultConfigFile, "config file; read by default when it exists")
	pf.StringVar(&g.env, "env", "", "environment from the config file (env STRATA_ENV)")
	pf.BoolVar(&g.json, "json", false, "print one JSON document on stdout")
	pf.DurationVar(&g.lockTimeout, "lock-timeout", defaultLockTimeout, "how long to wait for another runner's lock")
	pf.StringVar(&g.historyTable, "history-table", defaultHistoryTable, "name of the history table")
	pf.StringVar(&g.lockTable, "lock-table", defaultLockTable, "name of the lock table")

	root.AddCommand(
		newNewCmd(g, o),
		newUpCmd(g, o),
		newDownCmd(g, o),
		newRedoCmd(g, o),
		newStatusCmd(g, o),
		newHistoryCmd(g, o),
		newValidateCmd(g, o),
		newBaselineCmd(g, o),
		newRepairCmd(g, o),
		newUnlockCmd(g, o),
		newLintCmd(g, o),
		newDiffCmd(g, o),
		newDriftCmd(g, o),
		newVerifyCmd(g, o),
		newHealthCmd(g, o),
		newVersionCmd(g, o),
	)
	return root
}

// ran marks the error of a command that ran, for exitCode.
func ran(err error) error {
	if err == nil {
		return nil
	}
	return &commandError{err}
}

// settings are the global settings after flags, environment, config file
// and defaults have had their say.
type settings struct {
	database     string
	databaseFrom string // where the URL came from, for error messages
	display      string // the URL without its password, once parsed
	dir          string
	lockTimeout  time.Duration
	historyTable string
	lockTable    string
	// allowOutOfOrder, warnAfter and lockLease come from the config file
	// (the first two also from flags of up); nil means the library's
	// default.
	allowOutOfOrder bool
	warnAfter       *time.Duration
	lockLease       *time.Duration
	// lint is the config file's [lint] table, for lint and health.
	lint strata.LintConfig
}

// lookupEnv returns an environment variable that is set and not empty:
// DATABASE_URL= in a shell or a CI file means "none".
func lookupEnv(name string) (string, bool) {
	v := os.Getenv(name)
	return v, v != ""
}

// resolve works out the settings of cmd: flag > environment variable >
// config file (its [env.NAME] table over its top level) > default.
func (g *globalFlags) resolve(cmd *cobra.Command, o *output) (*settings, error) {
	o.json = g.json
	changed := func(name string) bool { return cmd.Flags().Changed(name) }

	var cfg *config
	switch {
	case changed("config"):
		var err error
		if cfg, err = loadConfig(g.configFile); err != nil {
			return nil, err
		}
	case fileExists(defaultConfigFile):
		var err error
		if cfg, err = loadConfig(defaultConfigFile); err != nil {
			return nil, err
		}
	}

	env, envFrom := g.env, "--env"
	if !changed("env") {
		env, _ = lookupEnv("STRATA_ENV")
		envFrom = "STRATA_ENV"
	}
	if env != "" {
		if cfg == nil {
			return nil, &configError{fmt.Sprintf("%s %s names an environment, but there is no config file (no %s in the working directory)\nTry: write the [env.%s] table in %s, or name the file with --config", envFrom, env, defaultConfigFile, env, defaultConfigFile)}
		}
		if _, ok := cfg.envs[env]; !ok {
			have := "it has none"
			if names := cfg.envNames(); len(names) > 0 {
				have = fmt.Sprintf("it has %v", names)
			}
			return nil, &configError{fmt.Sprintf("%s: %s %s names no environment of this file (%s)\nTry: add an [env.%s] table, or pick one of its environments", cfg.path, envFrom, env, have, env)}
		}
	}

	s := &settings{}
	// str resolves one string setting; fromFile reports a value of the
	// config file, whose relative paths start at the file's directory.
	str := func(flag, flagValue string, envVars []string, key string, get func(fileSettings) *string, def string) (value, from string, fromFile bool, err error) {
		if changed(flag) {
			return flagValue, "--" + flag, false, nil
		}
		for _, name := range envVars {
			if v, ok := lookupEnv(name); ok {
				return v, name, false, nil
			}
		}
		if cfg != nil {
			if cv, ok := cfg.lookup(env, key, get); ok {
				v, err := cfg.expand(cv, os.LookupEnv)
				return v, cfg.at(cv.key) + " (" + cv.key.String() + ")", true, err
			}
		}
		return def, "the default", false, nil
	}
	var err error
	var fromFile bool
	if s.database, s.databaseFrom, fromFile, err = str("database", g.database, []string{"STRATA_DATABASE_URL", "DATABASE_URL"}, "database",
		func(f fileSettings) *string { return f.Database }, defaultDatabase); err != nil {
		return nil, err
	}
	if fromFile {
		s.database = rebaseSQLite(s.database, cfg.dir)
	}
	if s.dir, _, fromFile, err = str("dir", g.dir, []string{"STRATA_DIR"}, "dir",
		func(f fileSettings) *string { return f.Dir }, defaultDir); err != nil {
		return nil, err
	}
	if fromFile && !filepath.IsAbs(s.dir) {
		s.dir = filepath.Join(cfg.dir, s.dir)
	}
	if s.historyTable, _, _, err = str("history-table", g.historyTable, nil, "history_table",
		func(f fileSettings) *string { return f.HistoryTable }, defaultHistoryTable); err != nil {
		return nil, err
	}
	if s.lockTable, _, _, err = str("lock-table", g.lockTable, nil, "lock_table",
		func(f fileSettings) *string { return f.LockTable }, defaultLockTable); err != nil {
		return nil, err
	}

	s.lockTimeout = g.lockTimeout
	if cfg != nil {
		if !changed("lock-timeout") {
			if cv, ok := cfg.lookup(env, "lock_timeout", func(f fileSettings) *string { return f.LockTimeout }); ok {
				if s.lockTimeout, err = cfg.duration(cv, os.LookupEnv); err != nil {
					return nil, err
				}
			}
		}
		for _, d := range []struct {
			key string
			get func(fileSettings) *string
			dst **time.Duration
		}{
			{"warn_after", func(f fileSettings) *string { return f.WarnAfter }, &s.warnAfter},
			{"lock_lease", func(f fileSettings) *string { return f.LockLease }, &s.lockLease},
		} {
			if cv, ok := cfg.lookup(env, d.key, d.get); ok {
				v, err := cfg.duration(cv, os.LookupEnv)
				if err != nil {
					return nil, err
				}
				*d.dst = &v
			}
		}
		s.allowOutOfOrder = cfg.lookupBool(env, func(f fileSettings) *bool { return f.AllowOutOfOrder })
		s.lint = cfg.lint
	}
	o.dir = s.dir
	return s, nil
}

// checkDir makes sure the migrations directory exists, so that a wrong
// --dir is reported as such rather than as "no migrations".
func (s *settings) checkDir() error {
	fi, err := os.Stat(s.dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return &configError{fmt.Sprintf("the migrations directory %s does not exist\nTry: run strata from the project's directory, point --dir (or STRATA_DIR, or dir in %s) at the migrations, or create the first one with strata new NAME", s.dir, defaultConfigFile)}
	case err != nil:
		return fmt.Errorf("cannot read the migrations directory: %w", err)
	case !fi.IsDir():
		return &configError{fmt.Sprintf("%s is not a directory\nTry: point --dir (or STRATA_DIR, or dir in %s) at the migrations directory", s.dir, defaultConfigFile)}
	}
	return nil
}

// access is what a command needs of the database.
type access int

const (
	// openExisting: an SQLite file that does not exist is not created;
	// the command sees an empty database, which is what the file would
	// hold. For commands that write nothing to an empty database.
	openExisting access = iota
	// openOrCreate: an SQLite file is created if it does not exist.
	openOrCreate
	// readOnce: as openExisting, for a command that reads the database
	// once: its connection is closed as soon as the read gives it back,
	// while the command still works on what it read.
	readOnce
)

// migrator opens the database and builds a Migrator over the migrations
// directory. The caller must call the returned close function.
func (s *settings) migrator(ctx context.Context, o *output, acc access, opts ...strata.Option) (*strata.Migrator, func(), error) {
	t, db, err := s.connect(ctx, o, acc)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.newMigrator(o, t, db, opts...)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return m, func() { db.Close() }, nil
}

// connect parses the database URL, checks the migrations directory and
// opens the database (connecting lazily).
func (s *settings) connect(ctx context.Context, o *output, acc access) (*target, *sql.DB, error) {
	t, err := parseURL(s.database)
	if err != nil {
		return nil, nil, usageErrorf("%s: %v", s.databaseFrom, err)
	}
	o.addSecrets(t.Secrets...)
	s.display = t.Display
	if err := s.checkDir(); err != nil {
		return nil, nil, err
	}
	o.database, o.databaseFrom = t.Display, s.databaseFrom
	db, err := t.open(ctx, acc != openOrCreate)
	if err != nil {
		var ue *unreachableError
		if errors.As(err, &ue) {
			ue.from = s.databaseFrom
		}
		return nil, nil, err
	}
	if acc == readOnce {
		db.SetMaxIdleConns(0)
	}
	return t, db, nil
}

// newMigrator builds the Migrator of the settings over db.
func (s *settings) newMigrator(o *output, t *target, db *sql.DB, opts ...strata.Option) (*strata.Migrator, error) {
	events := newEventPrinter(o)
	all := []strata.Option{
		strata.WithTables(s.historyTable, s.lockTable),
		strata.WithLockTimeout(s.lockTimeout),
		strata.WithAllowOutOfOrder(s.allowOutOfOrder),
		strata.WithEvents(events.handle),
		strata.WithSecrets(t.Secrets...),
	}
	if s.warnAfter != nil {
		all = append(all, strata.WithWarnAfter(*s.warnAfter))
	}
	if s.lockLease != nil {
		all = append(all, strata.WithLockLease(*s.lockLease))
	}
	// The files are named relative to the migrations directory, in the
	// history rows too, so that they do not depend on where strata runs.
	m, err := strata.New(db, t.Dialect, os.DirFS(s.dir), append(all, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("%w\nTry: check the flags --history-table, --lock-table, --lock-timeout and --warn-after, and history_table, lock_table, lock_timeout, warn_after and lock_lease in %s", err, defaultConfigFile)
	}
	return m, nil
}
