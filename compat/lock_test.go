package compat_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

func TestUserLockKeyMatchesSQLFunctions(t *testing.T) {
	t.Parallel()
	id := uuid.MustParse("3f2a8c1e-5b7d-4e09-9a61-0c2d4b6e8f10")

	require.Equal(t, "workoutflow:user:3f2a8c1e-5b7d-4e09-9a61-0c2d4b6e8f10", compat.UserLockKey(id))
	require.NotEqual(t, compat.UserLockKey(id), compat.UserLockKey(uuid.New()))
}
