package pgstore

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rayclub/workoutflow/storage"
	"github.com/stretchr/testify/require"
)

func TestTranslate(t *testing.T) {
	t.Parallel()
	unique := &pgconn.PgError{Code: codeUniqueViolation, Message: "duplicate key"}
	foreign := &pgconn.PgError{Code: codeForeignKeyViolation}
	other := errors.New("connection refused")

	require.NoError(t, translate(nil))
	require.ErrorIs(t, translate(pgx.ErrNoRows), storage.ErrNotFound)
	require.ErrorIs(t, translate(fmt.Errorf("scan: %w", pgx.ErrNoRows)), storage.ErrNotFound)
	require.ErrorIs(t, translate(unique), storage.ErrConflict)
	require.ErrorIs(t, translate(unique), unique, "the driver error stays available")
	require.ErrorIs(t, translate(foreign), storage.ErrConflict)
	require.Equal(t, other, translate(other))
}

func TestWrap(t *testing.T) {
	t.Parallel()
	require.NoError(t, wrap(nil, "workout %s", "x"))

	err := wrap(pgx.ErrNoRows, "workout %s", "3f2a")
	require.ErrorIs(t, err, storage.ErrNotFound)
	require.Equal(t, "workout 3f2a: not found", err.Error())
}
