package compat_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

func TestFunctionsHaveOneSignatureEach(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, f := range compat.Functions() {
		require.False(t, names[f.Name], "function %s listed twice", f.Name)
		names[f.Name] = true

		params := map[string]bool{}
		for _, p := range f.Params {
			require.False(t, params[p.Name], "%s: parameter %s listed twice", f.Name, p.Name)
			params[p.Name] = true
			require.Contains(t, []string{"uuid", "text", "integer", "timestamptz"}, p.Type)
		}
	}
	require.Len(t, names, 4)
}

func TestFunctionAccepts(t *testing.T) {
	t.Parallel()
	f, ok := compat.LookupFunction(compat.FunctionRetryWorkoutProcessing)
	require.True(t, ok)

	require.True(t, f.Accepts([]string{"_workout_id"}))
	require.False(t, f.Accepts(nil), "required parameter missing")
	require.False(t, f.Accepts([]string{"_workout_id", "force"}), "unknown parameter")
	require.Equal(t, "retry_workout_processing(_workout_id)", f.Signature())

	diagnose, ok := compat.LookupFunction(compat.FunctionDiagnoseAndRecover)
	require.True(t, ok)
	require.True(t, diagnose.Accepts(nil), "days_back has a default")

	_, ok = compat.LookupFunction("record_challenge_check_in")
	require.False(t, ok)
}

func TestLookupFunctionReturnsCopy(t *testing.T) {
	t.Parallel()
	f, ok := compat.LookupFunction(compat.FunctionRecordWorkoutBasic)
	require.True(t, ok)
	f.Params[0].Name = "changed"

	again, _ := compat.LookupFunction(compat.FunctionRecordWorkoutBasic)
	require.Equal(t, "p_user_id", again.Params[0].Name)
}
