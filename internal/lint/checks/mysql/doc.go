// Package mysql holds the strata lint checks of family MY: MySQL
// statements that copy a whole table.
package mysql
