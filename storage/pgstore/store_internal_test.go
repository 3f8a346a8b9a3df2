package pgstore

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestFirstSchema(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`"$user", public`:   "public",
		`tenant_a`:          "tenant_a",
		`"tenant_b",public`: "tenant_b",
		`"$user"`:           "",
		``:                  "",
	}
	for searchPath, expected := range cases {
		require.Equal(t, expected, firstSchema(searchPath), searchPath)
	}
}

func TestChallengeIDs(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()

	require.Equal(t, []uuid.UUID{}, challengeIDs())
	require.Equal(t, []uuid.UUID{}, challengeIDs(uuid.Nil))
	require.Equal(t, []uuid.UUID{a, b}, challengeIDs(a, uuid.Nil, b, a))
}

func TestMigrationLockIDPerSchema(t *testing.T) {
	t.Parallel()
	require.NotEqual(t, migrationLockID("public"), migrationLockID("tenant"))
}

func TestMigrationSQLSetsSchema(t *testing.T) {
	t.Parallel()
	script, err := MigrationSQL("tenant")
	require.NoError(t, err)
	require.Contains(t, script, "CREATE SCHEMA IF NOT EXISTS tenant;\nSET search_path TO tenant;")
	require.Contains(t, script, "-- 00001_legacy_tables.sql")
	require.Contains(t, script, "CREATE OR REPLACE FUNCTION workoutflow_insert_workout")
}
