package compatpg_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compattest"
)

// insertUnqueuedWorkout writes a workout row with plain SQL and no queue
// row or jobs, as a writer that bypasses the library would.
func insertUnqueuedWorkout(t *testing.T, b *pgBundle) uuid.UUID {
	t.Helper()
	id := uuid.New()
	_, err := b.pool.Exec(context.Background(), `
		INSERT INTO workout_records (id, user_id, workout_id, workout_name, workout_type, date,
		                             duration_minutes, notes, created_at, updated_at)
		VALUES ($1, $2, '', 'Corrida', 'Cardio', now() - interval '1 hour', 50, '', now(), now())`,
		id, uuid.New())
	require.NoError(t, err)
	return id
}

// decodeReply decodes a reply body into a JSON object.
func decodeReply(t *testing.T, reply compattest.Reply) map[string]any {
	t.Helper()
	var object map[string]any
	require.NoError(t, json.Unmarshal(reply.Body, &object))
	return object
}

func TestDiagnoseMissingWorkoutOnGoAndSQL(t *testing.T) {
	t.Parallel()
	callers := map[string]func(b *pgBundle) compattest.Caller{
		"service": func(b *pgBundle) compattest.Caller { return compattest.ServiceCaller{Service: b.service} },
		"sql":     func(b *pgBundle) compattest.Caller { return sqlCaller{pool: b.pool} },
	}

	replies := map[string]any{}
	for name, newCaller := range callers {
		b := setup(t)
		workoutID := insertUnqueuedWorkout(t, b)

		reply, err := newCaller(b).Call(context.Background(), compat.ServiceAuth(), compat.FunctionDiagnoseAndRecover, map[string]any{"days_back": 1})
		require.NoError(t, err, name)
		object := decodeReply(t, reply)
		require.Equal(t, 1.0, object["missing_count"], name)
		require.Equal(t, 1.0, object["recovered_count"], name)
		require.Equal(t, 0.0, object["failed_count"], name)
		replies[name] = compattest.NormalizeReplies([]any{object})

		status, err := b.flow.Pipeline.Status(context.Background(), workoutID)
		require.NoError(t, err, name)
		require.Len(t, status.Jobs, 2, "%s queues both stages", name)
	}
	require.Equal(t, replies["service"], replies["sql"])
}

func TestRetryMissingWorkoutOnGoAndSQL(t *testing.T) {
	t.Parallel()
	callers := map[string]func(b *pgBundle) compattest.Caller{
		"service": func(b *pgBundle) compattest.Caller { return compattest.ServiceCaller{Service: b.service} },
		"sql":     func(b *pgBundle) compattest.Caller { return sqlCaller{pool: b.pool} },
	}

	for name, newCaller := range callers {
		b := setup(t)
		workoutID := insertUnqueuedWorkout(t, b)
		caller := newCaller(b)

		reply, err := caller.Call(context.Background(), compat.ServiceAuth(), compat.FunctionRetryWorkoutProcessing, map[string]any{"_workout_id": workoutID.String()})
		require.NoError(t, err, name)
		require.JSONEq(t, "true", string(reply.Body), name)

		status, err := b.flow.Pipeline.Status(context.Background(), workoutID)
		require.NoError(t, err, name)
		require.Len(t, status.Jobs, 2, "%s queues both stages", name)
	}
}

// callBasicWithLockTimeout calls the SQL record_workout_basic for user in
// a transaction whose lock waits give up after a short lock_timeout.
func callBasicWithLockTimeout(t *testing.T, b *pgBundle, user uuid.UUID) map[string]any {
	t.Helper()
	ctx := context.Background()
	var body string
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '100ms'`); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT record_workout_basic(
			p_user_id => $1, p_workout_name => 'Corrida', p_workout_type => 'Cardio',
			p_duration_minutes => 50, p_date => $2)::text`, user, time.Now().Add(-time.Hour)).Scan(&body)
	})
	require.NoError(t, err)

	var object map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &object))
	return object
}

func TestGoUserLockBlocksSQLCall(t *testing.T) {
	t.Parallel()
	b := setup(t)
	user := uuid.New()

	unlock, err := b.store.Lock(context.Background(), compat.UserLockKey(user))
	require.NoError(t, err)
	blocked := callBasicWithLockTimeout(t, b, user)
	require.Equal(t, false, blocked["success"], "the SQL call waits for the lock the Go path holds")
	require.Equal(t, compat.CodeInternalError, blocked["error_code"])

	other := callBasicWithLockTimeout(t, b, uuid.New())
	require.Equal(t, true, other["success"], "another user's lock is free")

	unlock()
	free := callBasicWithLockTimeout(t, b, user)
	require.Equal(t, true, free["success"], free["message"])
}
