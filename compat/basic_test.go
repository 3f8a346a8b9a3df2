package compat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/workout"
)

func TestRecordWorkoutBasicReplyKeys(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()
	ctx := context.Background()

	success, err := b.service.RecordWorkoutBasic(ctx, compat.ServiceAuth(), basicParams(member, noon, "a"))
	require.NoError(t, err)
	bad := basicParams(member, noon, "b")
	bad.DurationMinutes = 2000
	failure, err := b.service.RecordWorkoutBasic(ctx, compat.ServiceAuth(), bad)
	require.NoError(t, err)

	keys := []string{"success", "message", "workout_id", "processing_queued", "is_retroactive", "error_code"}
	successJSON := decodeObject(t, success)
	require.ElementsMatch(t, keys, mapKeys(successJSON))
	require.Equal(t, true, successJSON["processing_queued"])
	require.Nil(t, successJSON["error_code"])
	_, err = uuid.Parse(success.WorkoutID)
	require.NoError(t, err)

	failureJSON := decodeObject(t, failure)
	require.ElementsMatch(t, keys, mapKeys(failureJSON))
	require.Nil(t, failureJSON["workout_id"])
	require.Equal(t, compat.CodeInvalidInput, failureJSON["error_code"])
	require.Equal(t, "Dados inválidos: p_duration_minutes deve estar entre 1 e 1440 minutos", failure.Message)
}

func TestRecordWorkoutBasicRetroactiveInLegacyZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()
	// 23:00 on 1 June in Sao Paulo.
	b.clock.Set(time.Date(2026, 6, 2, 2, 0, 0, 0, time.UTC))

	tests := []struct {
		name string
		date time.Time
		want bool
	}{
		{"same local day after UTC midnight", time.Date(2026, 6, 2, 1, 30, 0, 0, time.UTC), false},
		{"same local day before UTC midnight", time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), false},
		{"previous local day", time.Date(2026, 6, 1, 2, 30, 0, 0, time.UTC), true},
	}
	for i, tt := range tests {
		reply, err := b.service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(member, tt.date, tt.name))
		require.NoError(t, err, tt.name)
		require.True(t, reply.Success, "%d %s: %s", i, tt.name, reply.Message)
		require.Equal(t, tt.want, reply.IsRetroactive, tt.name)
	}
}

func TestRecordWorkoutBasicEditRerunsStages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	ctx := context.Background()

	params := basicParams(member, noon.Add(-time.Hour), "edit-me")
	params.ChallengeID = challengeID.String()
	params.DurationMinutes = 30
	saved, err := b.service.RecordWorkoutBasic(ctx, compat.ServiceAuth(), params)
	require.NoError(t, err)
	requireProgressPoints(t, b, challengeID, member, 0)

	params.DurationMinutes = 60
	params.Notes = "corrigido"
	params.WorkoutRecordID = saved.WorkoutID
	edited, err := b.service.RecordWorkoutBasic(ctx, compat.ServiceAuth(), params)
	require.NoError(t, err)
	require.True(t, edited.Success, edited.Message)
	require.Equal(t, saved.WorkoutID, edited.WorkoutID)
	require.Equal(t, compat.MessageWorkoutRecorded, edited.Message)

	status, err := b.pipeline.Status(ctx, uuid.MustParse(saved.WorkoutID))
	require.NoError(t, err)
	require.Equal(t, compat.LabelPending, compat.ProcessingLabel(status), "the edit queues both stages again")
	requireProgressPoints(t, b, challengeID, member, 10)

	stored, err := b.pipeline.Workout(ctx, uuid.MustParse(saved.WorkoutID))
	require.NoError(t, err)
	require.Equal(t, "corrigido", stored.Notes)
	require.Equal(t, "edit-me", stored.ClientWorkoutID)
}

func TestRecordWorkoutBasicNonUUIDClientID(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()

	for _, clientID := range []string{"1717354800000", "treino:manhã/💪", "not-a-uuid-at-all"} {
		reply, err := b.service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(member, noon, clientID))
		require.NoError(t, err)
		require.True(t, reply.Success, "%q: %s", clientID, reply.Message)

		stored, err := b.pipeline.Workout(context.Background(), uuid.MustParse(reply.WorkoutID))
		require.NoError(t, err)
		require.Equal(t, clientID, stored.ClientWorkoutID)
	}
}

func TestRecordWorkoutBasicInvalidStoresNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()

	tests := []struct {
		name   string
		mutate func(p *compat.RecordWorkoutBasicParams)
		params []string
	}{
		{"missing user", func(p *compat.RecordWorkoutBasicParams) { p.UserID = "" }, []string{"p_user_id"}},
		{"malformed user", func(p *compat.RecordWorkoutBasicParams) { p.UserID = "usuario-1" }, []string{"p_user_id"}},
		{"blank type", func(p *compat.RecordWorkoutBasicParams) { p.WorkoutType = "   " }, []string{"p_workout_type"}},
		{"long name", func(p *compat.RecordWorkoutBasicParams) { p.WorkoutName = strings.Repeat("é", 201) }, []string{"p_workout_name"}},
		{"invalid UTF-8 notes", func(p *compat.RecordWorkoutBasicParams) { p.Notes = "\xff" }, []string{"p_notes"}},
		{"malformed challenge", func(p *compat.RecordWorkoutBasicParams) { p.ChallengeID = "21dias" }, []string{"p_challenge_id"}},
		{"malformed record id", func(p *compat.RecordWorkoutBasicParams) { p.WorkoutRecordID = "42" }, []string{"p_workout_record_id"}},
		{"several", func(p *compat.RecordWorkoutBasicParams) {
			p.Date = "amanhã"
			p.DurationMinutes = -5
			p.WorkoutName = ""
		}, []string{"p_date", "p_duration_minutes", "p_workout_name"}},
	}
	for _, tt := range tests {
		params := basicParams(member, noon, "")
		tt.mutate(&params)

		reply, err := b.service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), params)
		require.NoError(t, err, tt.name)
		require.False(t, reply.Success, tt.name)
		require.Equal(t, compat.CodeInvalidInput, reply.ErrorCode, tt.name)
		for _, param := range tt.params {
			require.Contains(t, reply.Message, param, tt.name)
		}
	}

	workouts, err := b.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

func TestRecordWorkoutBasicForbiddenForOtherUser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()

	_, err := b.service.RecordWorkoutBasic(context.Background(), compat.UserAuth(uuid.New()), basicParams(member, noon, "a"))

	var forbidden *compat.ForbiddenError
	require.ErrorAs(t, err, &forbidden)
	require.Equal(t, compat.FunctionRecordWorkoutBasic, forbidden.Function)
	workouts, err := b.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

func TestRecordWorkoutBasicStoreFailureIsInternalError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: failingStore{b.store}, Announcer: b.store, Clock: b.clock, Recoverer: &fakeRecoverer{}})
	require.NoError(t, err)

	params := basicParams(member, noon, "a")
	params.ChallengeID = challengeID.String()
	reply, err := service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), params)
	require.NoError(t, err)
	require.False(t, reply.Success)
	require.Equal(t, compat.CodeInternalError, reply.ErrorCode)
	require.Equal(t, compat.MessageWorkoutInternal, reply.Message)

	workouts, err := b.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

func TestRecordWorkoutBasicDateWithinTolerance(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()

	soon, err := b.service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(member, noon.Add(30*time.Minute), "soon"))
	require.NoError(t, err)
	require.True(t, soon.Success, soon.Message)

	late, err := b.service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(member, noon.Add(workout.DefaultFutureTolerance+time.Minute), "late"))
	require.NoError(t, err)
	require.False(t, late.Success)
	require.Equal(t, "Dados inválidos: p_date está no futuro", late.Message)
}
