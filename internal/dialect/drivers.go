package dialect

import (
	"errors"
	"reflect"
)

// The library links no database driver (a program picks and registers
// its own), so the dialects recognise a driver's types, and read its
// errors, by their package path and name instead of importing them.

// TypeOf is the import path of the package that defines v's type (or the
// type it points to), e.g. "github.com/jackc/pgx/v5/stdlib" for a
// driver.Driver, and the type's name.
func TypeOf(v any) (pkg, name string) {
	if v == nil {
		return "", ""
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath(), t.Name()
}

// FindError looks through err's chain (Unwrap, both forms) for an error
// whose type, or the type it points to, is the struct pkg.name, and
// returns that struct. Its fields are read with reflect, so that reading
// a driver's error code does not link the driver.
func FindError(err error, pkg, name string) (reflect.Value, bool) {
	for err != nil {
		v := reflect.ValueOf(err)
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() == reflect.Struct && v.Type().PkgPath() == pkg && v.Type().Name() == name {
			return v, true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if v, ok := FindError(e, pkg, name); ok {
					return v, true
				}
			}
			return reflect.Value{}, false
		default:
			return reflect.Value{}, false
		}
	}
	return reflect.Value{}, false
}

// IsText reports whether err's chain holds a plain errors.New value with
// the message msg: how a driver's sentinel (mysql.ErrInvalidConn) is
// known without importing the driver.
func IsText(err error, msg string) bool {
	plain := reflect.TypeOf(errors.New(""))
	for err != nil {
		if reflect.TypeOf(err) == plain && err.Error() == msg {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if IsText(e, msg) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
