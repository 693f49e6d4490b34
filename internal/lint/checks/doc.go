// Package checks holds strata lint's analyzers in one package per family.
// Each is named after the prefix of its codes:
//
//   - naming: N, file names, versions and their order
//   - directive: L, lint-ignore directives
//   - idempotence: I, IF [NOT] EXISTS
//   - revert: R, down sections
//   - transaction: T, statements and transactions
//   - mixing: M, schema and data changes in one migration
//   - schema: S, definitions written twice
//   - destructive: D, changes that lose data or break running code
//   - postgres: PG, PostgreSQL locking hazards
//   - mysql: MY, MySQL table copies
//   - size: Z, migrations too large to review
//
// Each analyzer is in its own file, named after its code. The registry of
// all of them is internal/lint.Analyzers.
package checks
