package compat_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

func basicArgs(userID uuid.UUID) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"p_user_id":          json.RawMessage(`"` + userID.String() + `"`),
		"p_workout_name":     json.RawMessage(`"Yoga"`),
		"p_workout_type":     json.RawMessage(`"Flexibilidade"`),
		"p_duration_minutes": json.RawMessage(`40`),
		"p_date":             json.RawMessage(`"2026-06-02T14:00:00.000Z"`),
	}
}

func TestInvokeCoercesArguments(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()

	args := basicArgs(member)
	args["p_workout_id"] = json.RawMessage(`1717354800000`)
	args["p_duration_minutes"] = json.RawMessage(`"40"`)
	args["p_notes"] = json.RawMessage(`null`)
	args["p_challenge_id"] = json.RawMessage(`null`)

	result, err := b.service.Invoke(context.Background(), compat.ServiceAuth(), compat.FunctionRecordWorkoutBasic, args)
	require.NoError(t, err)
	reply, ok := result.(compat.RecordWorkoutBasicReply)
	require.True(t, ok)
	require.True(t, reply.Success, reply.Message)

	stored, err := b.pipeline.Workout(context.Background(), uuid.MustParse(reply.WorkoutID))
	require.NoError(t, err)
	require.Equal(t, "1717354800000", stored.ClientWorkoutID)
	require.Equal(t, 40, stored.DurationMinutes)
}

func TestInvokeRejectsArgumentsOfWrongType(t *testing.T) {
	t.Parallel()
	b := setup(t)

	tests := map[string]json.RawMessage{
		"p_duration_minutes": json.RawMessage(`"sessenta"`),
		"p_workout_name":     json.RawMessage(`{"pt":"Yoga"}`),
		"p_date":             json.RawMessage(`["2026-06-02"]`),
	}
	for param, value := range tests {
		args := basicArgs(uuid.New())
		args[param] = value

		_, err := b.service.Invoke(context.Background(), compat.ServiceAuth(), compat.FunctionRecordWorkoutBasic, args)

		var argErr *compat.ArgumentError
		require.ErrorAs(t, err, &argErr, param)
		require.Equal(t, param, argErr.Param)
	}

	args := basicArgs(uuid.New())
	args["p_duration_minutes"] = json.RawMessage(`45.5`)
	_, err := b.service.Invoke(context.Background(), compat.ServiceAuth(), compat.FunctionRecordWorkoutBasic, args)
	var argErr *compat.ArgumentError
	require.ErrorAs(t, err, &argErr)
	require.Equal(t, "p_duration_minutes", argErr.Param)
}

func TestInvokeUnknownCalls(t *testing.T) {
	t.Parallel()
	b := setup(t)

	tests := []struct {
		name     string
		function string
		args     map[string]json.RawMessage
	}{
		{"unknown function", "delete_everything", nil},
		{"missing required", compat.FunctionRetryWorkoutProcessing, map[string]json.RawMessage{}},
		{"unknown parameter", compat.FunctionDiagnoseAndRecover, map[string]json.RawMessage{"days": json.RawMessage(`7`)}},
	}
	for _, tt := range tests {
		_, err := b.service.Invoke(context.Background(), compat.ServiceAuth(), tt.function, tt.args)
		var notFound *compat.FunctionNotFoundError
		require.ErrorAs(t, err, &notFound, tt.name)
		require.Equal(t, tt.function, notFound.Name)
	}
}

func TestInvokeReturnsTypedReplies(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	retried, err := b.service.Invoke(ctx, compat.ServiceAuth(), compat.FunctionRetryWorkoutProcessing,
		map[string]json.RawMessage{"_workout_id": json.RawMessage(`"` + uuid.NewString() + `"`)})
	require.NoError(t, err)
	require.Equal(t, false, retried)

	diagnosed, err := b.service.Invoke(ctx, compat.ServiceAuth(), compat.FunctionDiagnoseAndRecover, nil)
	require.NoError(t, err)
	require.IsType(t, compat.DiagnoseReply{}, diagnosed)
}
