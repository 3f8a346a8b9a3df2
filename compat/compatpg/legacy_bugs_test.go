package compatpg_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compattest"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/pgstore"
)

func TestOneSignaturePerLegacyFunction(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, f := range compat.Functions() {
		var count int
		err := b.pool.QueryRow(context.Background(),
			`SELECT count(*) FROM pg_proc WHERE proname = $1`, f.Name).Scan(&count)
		require.NoError(t, err)
		require.Equal(t, 1, count, "functions named %s", f.Name)
	}
}

func TestSQLRejectsUserActingForAnother(t *testing.T) {
	t.Parallel()
	b := setup(t)
	caller := sqlCaller{pool: b.pool}
	member, other := uuid.New(), uuid.New()

	reply, err := caller.Call(context.Background(), compat.UserAuth(other), compat.FunctionRecordWorkoutBasic, map[string]any{
		"p_user_id": member.String(), "p_workout_name": "Corrida", "p_workout_type": "Cardio",
		"p_duration_minutes": 50, "p_date": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339),
	})
	require.NoError(t, err)

	var body map[string]any
	require.NoError(t, json.Unmarshal(reply.Body, &body))
	require.Equal(t, false, body["success"])
	require.Equal(t, "FORBIDDEN", body["error_code"])
	require.Nil(t, body["workout_id"])
	workouts, err := b.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

// TestConcurrentCheckInsShareOneWorkout sends five identical check-ins
// without a client workout id at once, on the SQL functions, on the Go
// service over PostgreSQL and on both mixed. The user lock makes them
// store one workout, which owns the day, and the reply marker that both
// paths share gives the points to exactly one reply.
func TestConcurrentCheckInsShareOneWorkout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	paths := map[string]compattest.Caller{
		"sql":     sqlCaller{pool: b.pool},
		"service": compattest.ServiceCaller{Service: b.service},
		"mixed":   nil,
	}
	for name, caller := range paths {
		t.Run(name, func(t *testing.T) {
			challengeID, member := saveChallenge(t, b)
			callers := make([]compattest.Caller, 5)
			for i := range callers {
				callers[i] = caller
				if caller == nil && i%2 == 0 {
					callers[i] = sqlCaller{pool: b.pool}
				} else if caller == nil {
					callers[i] = compattest.ServiceCaller{Service: b.service}
				}
			}
			replies := concurrentCheckIns(t, callers, challengeID, member)
			workoutIDs, checkInIDs := map[string]bool{}, map[string]bool{}
			earned := 0
			for _, reply := range replies {
				if reply.Points > 0 {
					earned++
					require.Equal(t, 10, reply.Points)
					require.Equal(t, compat.MessageCheckInRecorded, reply.Message)
				} else {
					require.Equal(t, compat.MessageAlreadyCheckedIn, reply.Message)
					require.True(t, reply.AlreadyCheckedIn)
				}
				workoutIDs[reply.WorkoutID] = true
				checkInIDs[reply.CheckInID] = true
			}
			require.Equal(t, 1, earned, "replies with points")
			require.Len(t, workoutIDs, 1, "one workout for five identical calls")
			require.Len(t, checkInIDs, 1, "one check-in for five identical calls")
		})
	}
}

func saveChallenge(t *testing.T, b *pgBundle) (challengeID, member uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	challengeID, member = uuid.New(), uuid.New()
	require.NoError(t, b.store.SaveChallenge(ctx, ranking.Challenge{
		ID: challengeID, Title: "Desafio 21 dias", StartDate: now.AddDate(0, 0, -5), EndDate: now.AddDate(0, 0, 10),
		Active: true, CreatedAt: now, UpdatedAt: now,
	}))
	require.NoError(t, b.store.SaveParticipant(ctx, ranking.Participant{
		ChallengeID: challengeID, UserID: member, Status: ranking.StatusActive, JoinedAt: now.AddDate(0, 0, -5),
	}))
	return challengeID, member
}

// checkInBody is the part of a check-in reply the concurrency tests read.
type checkInBody struct {
	Success          bool   `json:"success"`
	Message          string `json:"message"`
	Points           int    `json:"points_earned"`
	AlreadyCheckedIn bool   `json:"is_already_checked_in"`
	WorkoutID        string `json:"workout_id"`
	CheckInID        string `json:"check_in_id"`
}

// concurrentCheckIns sends one identical check-in per caller at once and
// returns the replies.
func concurrentCheckIns(t *testing.T, callers []compattest.Caller, challengeID, member uuid.UUID) []checkInBody {
	t.Helper()
	zone, err := time.LoadLocation(compat.DefaultLegacyZone)
	require.NoError(t, err)
	local := time.Now().Add(-10 * time.Minute).In(zone)
	quirk := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, time.UTC)
	args := map[string]any{
		"_challenge_id": challengeID.String(), "_date": quirk.Format(time.RFC3339),
		"_duration_minutes": 60, "_user_id": member.String(), "_workout_id": "",
		"_workout_name": "Corrida", "_workout_type": "Cardio",
	}

	var wg sync.WaitGroup
	replies := make([]compattest.Reply, len(callers))
	errs := make([]error, len(callers))
	for i, caller := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i], errs[i] = caller.Call(context.Background(), compat.ServiceAuth(), compat.FunctionRecordChallengeCheckInV2, args)
		}()
	}
	wg.Wait()

	bodies := make([]checkInBody, len(replies))
	for i, reply := range replies {
		require.NoError(t, errs[i])
		require.Equal(t, http.StatusOK, reply.Status, "reply %s", reply.Body)
		require.NoError(t, json.Unmarshal(reply.Body, &bodies[i]))
		require.True(t, bodies[i].Success, "reply %s", reply.Body)
	}
	return bodies
}

// TestMigrationDropsLegacyOverloads installs overloads that a legacy
// database had before migrating: afterwards one function per name remains.
func TestMigrationDropsLegacyOverloads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
		CREATE FUNCTION record_challenge_check_in_v2(uuid, timestamptz, integer, uuid) RETURNS jsonb
			LANGUAGE sql AS 'SELECT NULL::jsonb';
		CREATE FUNCTION record_challenge_check_in_v2(text, text, integer, text, text) RETURNS jsonb
			LANGUAGE sql AS 'SELECT NULL::jsonb';
		CREATE FUNCTION record_workout_basic(uuid, text, text, integer, timestamptz, uuid) RETURNS jsonb
			LANGUAGE sql AS 'SELECT NULL::jsonb';`)
	require.NoError(t, err)

	store, err := pgstore.New(ctx, pgstore.Config{DSN: dsn, Logger: quiet})
	require.NoError(t, err)
	defer store.Close()
	require.NoError(t, store.Migrate(ctx))

	for _, f := range compat.Functions() {
		var count int
		require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM pg_proc WHERE proname = $1`, f.Name).Scan(&count))
		require.Equal(t, 1, count, "functions named %s", f.Name)
	}
}
