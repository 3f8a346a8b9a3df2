package pgstore

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rayclub/workoutflow/storage"
)

// SQLSTATE codes that map to storage sentinels.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
)

// translate adds the storage sentinel that matches a driver error, so that
// callers can test for it with errors.Is whatever the adapter. It is the
// only place that maps driver errors.
func translate(err error) error {
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return storage.ErrNotFound
	case errors.As(err, &pgErr) && (pgErr.Code == codeUniqueViolation || pgErr.Code == codeForeignKeyViolation):
		return fmt.Errorf("%w: %w", storage.ErrConflict, err)
	default:
		return err
	}
}

// wrap returns nil for a nil err, else the translated err prefixed with
// the operation and its key.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, translate(err))...)
}
