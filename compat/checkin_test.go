package compat_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// TestCheckInConcurrentIdenticalCallsShareCheckIn sends five identical
// calls at once: they store one workout, which owns the day. Exactly one
// reply carries the points and the other four report the day as already
// checked in, while the ranking counts the check-in once.
func TestCheckInConcurrentIdenticalCallsShareCheckIn(t *testing.T) {
	t.Parallel()
	b := setup(t)

	for _, clientID := range []string{"app-treino-1", ""} {
		t.Run("client id "+clientID, func(t *testing.T) {
			challengeID, member := b.challenge(t)
			params := checkInParams(challengeID, member, "09:00", clientID)
			replies := concurrentCheckIns(t, b, []compat.CheckInParams{params, params, params, params, params})

			workoutIDs, checkInIDs := map[string]bool{}, map[string]bool{}
			earned := 0
			for _, reply := range replies {
				require.True(t, reply.Success, reply.Message)
				if reply.PointsEarned > 0 {
					earned++
					require.Equal(t, 10, reply.PointsEarned)
					require.Equal(t, compat.MessageCheckInRecorded, reply.Message)
					require.False(t, reply.IsAlreadyCheckedIn)
				} else {
					require.Equal(t, compat.MessageAlreadyCheckedIn, reply.Message)
					require.True(t, reply.IsAlreadyCheckedIn)
				}
				workoutIDs[reply.WorkoutID] = true
				checkInIDs[reply.CheckInID] = true
			}
			require.Equal(t, 1, earned, "replies with points")
			require.Len(t, workoutIDs, 1, "one workout for five identical calls")
			require.Len(t, checkInIDs, 1, "one check-in for five identical calls")
			requireProgressPoints(t, b, challengeID, member, 10)
		})
	}
}

// TestCheckInConcurrentWorkoutsOfOneDay sends five workouts of one day at
// once. Whatever order the calls run in, the 07:00 workout ends up owning
// the day and its reply earns points. A later call whose workout is
// earlier than the day's owner so far takes the check-in over and earns
// the reply points too, so more than one reply may earn.
func TestCheckInConcurrentWorkoutsOfOneDay(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)

	var calls []compat.CheckInParams
	for i, clock := range []string{"07:00", "08:10", "09:20", "10:30", "11:40"} {
		calls = append(calls, checkInParams(challengeID, member, clock, "app-"+string(rune('a'+i))))
	}
	replies := concurrentCheckIns(t, b, calls)

	checkInIDs := map[string]bool{}
	for _, reply := range replies {
		require.True(t, reply.Success, reply.Message)
		checkInIDs[reply.CheckInID] = true
		if reply.PointsEarned == 0 {
			require.Equal(t, compat.MessageAlreadyCheckedIn, reply.Message)
		}
	}
	require.Equal(t, 10, replies[0].PointsEarned, "the earliest workout owns the day")
	require.Len(t, checkInIDs, 1, "every reply names the day's one check-in")

	workouts, err := b.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Len(t, workouts, 5, "every workout stays stored")
	requireProgressPoints(t, b, challengeID, member, 10)
}

func TestCheckInRepliedPointsMatchRanking(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	outsider := uuid.New()
	ctx := context.Background()

	short := checkInParams(challengeID, member, "06:00", "short")
	short.DurationMinutes = 30
	calls := []compat.CheckInParams{
		checkInParams(challengeID, member, "07:00", "first"),
		checkInParams(challengeID, member, "08:00", "second"),
		short,
		checkInParams(challengeID, outsider, "07:00", "outsider"),
	}
	yesterday := checkInParams(challengeID, member, "07:00", "yesterday")
	yesterday.Date = "2026-06-01T21:30:00.000Z"
	calls = append(calls, yesterday)

	total := 0
	var last compat.CheckInReply
	for _, params := range calls {
		reply, err := b.service.RecordChallengeCheckInV2(ctx, compat.ServiceAuth(), params)
		require.NoError(t, err)
		require.True(t, reply.Success, reply.Message)
		total += reply.PointsEarned
		last = reply
	}
	require.Equal(t, 20, total, "points replied for today and yesterday only")
	require.Equal(t, 2, last.CurrentStreak)
	require.Equal(t, last.CurrentStreak, last.Streak)

	requireProgressPoints(t, b, challengeID, member, total)
	checkIns, err := b.store.CheckIns(ctx, challengeID, member)
	require.NoError(t, err)
	require.Len(t, checkIns, 2)
	require.Equal(t, workout.LocalDate{Year: 2026, Month: time.June, Day: 1}, checkIns[0].Day, "21:30 in Sao Paulo stays on 1 June")
	require.Equal(t, last.CheckInID, checkIns[0].ID.String())
}

func TestCheckInLegacyBugsEarnNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	ctx := context.Background()

	first, err := b.service.RecordChallengeCheckInV2(ctx, compat.ServiceAuth(), checkInParams(challengeID, member, "07:00", "a"))
	require.NoError(t, err)
	require.Equal(t, 10, first.PointsEarned)

	short := checkInParams(challengeID, member, "07:30", "b")
	short.DurationMinutes = 20
	outsider := checkInParams(challengeID, uuid.New(), "07:00", "c")
	second := checkInParams(challengeID, member, "10:00", "d")

	for name, params := range map[string]compat.CheckInParams{"short": short, "non-member": outsider, "second of day": second} {
		reply, err := b.service.RecordChallengeCheckInV2(ctx, compat.ServiceAuth(), params)
		require.NoError(t, err, name)
		require.True(t, reply.Success, name)
		require.Zero(t, reply.PointsEarned, name)
		require.NotEqual(t, compat.MessageCheckInRecorded, reply.Message, name)
	}
	requireProgressPoints(t, b, challengeID, member, 10)
}

func TestCheckInReplyKeys(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)

	success, err := b.service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "07:00", "a"))
	require.NoError(t, err)
	failure, err := b.service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(uuid.New(), member, "07:00", "b"))
	require.NoError(t, err)

	keys := []string{
		"success", "message", "points_earned", "current_streak", "streak", "is_already_checked_in",
		"check_in_id", "workout_id", "challenge_id", "error_code",
	}
	successJSON := decodeObject(t, success)
	require.ElementsMatch(t, keys, mapKeys(successJSON))
	require.Nil(t, successJSON["error_code"])
	require.Equal(t, float64(10), successJSON["points_earned"])

	failureJSON := decodeObject(t, failure)
	require.ElementsMatch(t, keys, mapKeys(failureJSON))
	require.Equal(t, compat.CodeChallengeNotFound, failureJSON["error_code"])
	require.Nil(t, failureJSON["workout_id"])
	require.Nil(t, failureJSON["check_in_id"])
}

func TestCheckInForbiddenForOtherUser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)

	_, err := b.service.RecordChallengeCheckInV2(context.Background(), compat.UserAuth(uuid.New()), checkInParams(challengeID, member, "07:00", "a"))

	var forbidden *compat.ForbiddenError
	require.ErrorAs(t, err, &forbidden)
	require.ErrorIs(t, err, compat.ErrForbidden)
	require.Equal(t, compat.FunctionRecordChallengeCheckInV2, forbidden.Function)
	workouts, err := b.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

func TestCheckInUnknownRoleForbidden(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)

	_, err := b.service.RecordChallengeCheckInV2(context.Background(), compat.Auth{UserID: member, Role: "anon"}, checkInParams(challengeID, member, "07:00", "a"))
	require.ErrorIs(t, err, compat.ErrForbidden)
}

func TestCheckInStoreFailureIsInternalError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: failingStore{b.store}, Announcer: b.store, Clock: b.clock, Recoverer: &fakeRecoverer{}})
	require.NoError(t, err)

	reply, err := service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "07:00", "a"))
	require.NoError(t, err)
	require.False(t, reply.Success)
	require.Equal(t, compat.CodeInternalError, reply.ErrorCode)
	require.Equal(t, compat.MessageCheckInInternal, reply.Message)
	require.Equal(t, challengeID.String(), reply.ChallengeID)
}

// concurrentCheckIns runs the calls at once and returns their replies.
func concurrentCheckIns(t *testing.T, b *bundle, calls []compat.CheckInParams) []compat.CheckInReply {
	t.Helper()
	replies := make([]compat.CheckInReply, len(calls))
	errs := make([]error, len(calls))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, params := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			replies[i], errs[i] = b.service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), params)
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	return replies
}

// requireProgressPoints runs the pending stages and checks the user's
// points in the challenge.
func requireProgressPoints(t *testing.T, b *bundle, challengeID, userID uuid.UUID, points int) {
	t.Helper()
	_, err := b.pipeline.RunPending(context.Background())
	require.NoError(t, err)
	progress, err := b.store.UserProgress(context.Background(), challengeID, userID)
	require.NoError(t, err)
	require.Equal(t, points, progress.Points)
}

func decodeObject(t *testing.T, value any) map[string]any {
	t.Helper()
	encoded, err := json.Marshal(value)
	require.NoError(t, err)
	var object map[string]any
	require.NoError(t, json.Unmarshal(encoded, &object))
	return object
}

func mapKeys(object map[string]any) []string {
	keys := make([]string, 0, len(object))
	for key := range object {
		keys = append(keys, key)
	}
	return keys
}

// failingStore fails every challenge lookup.
type failingStore struct {
	compat.Store
}

func (failingStore) Challenge(context.Context, uuid.UUID) (ranking.Challenge, error) {
	return ranking.Challenge{}, errStoreDown
}
