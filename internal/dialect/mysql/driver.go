package mysql

import "github.com/strata-db/strata/internal/dialect"

// The package and type of github.com/go-sql-driver/mysql's server error,
// read by reflection so that the library does not link the driver.
const (
	driverPackage  = "github.com/go-sql-driver/mysql"
	errorTypeName  = "MySQLError"
	errInvalidConn = "invalid connection"
	errPktTooLarge = "packet for query is too large. Try adjusting the `Config.MaxAllowedPacket`"
)

// serverError is what strata reads of a *mysql.MySQLError.
type serverError struct {
	Number  uint16
	Message string
}

// mysqlError finds the server's error in err's chain.
func mysqlError(err error) (serverError, bool) {
	v, ok := dialect.FindError(err, driverPackage, errorTypeName)
	if !ok {
		return serverError{}, false
	}
	n, m := v.FieldByName("Number"), v.FieldByName("Message")
	if !n.IsValid() || !m.IsValid() {
		return serverError{}, false
	}
	return serverError{Number: uint16(n.Uint()), Message: m.String()}, true
}

// DriverPackage is the import path of the one driver this dialect reads
// the errors of.
const DriverPackage = driverPackage
