package pgstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// openStore opens another Store, with its own pool, on the database of dsn.
func openStore(t *testing.T, dsn string) *pgstore.Store {
	t.Helper()
	s, err := pgstore.New(t.Context(), pgstore.Config{DSN: dsn, Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

// waitForLockWait waits until a backend other than the caller's waits for a
// lock while running a query that contains fragment, and returns its pid.
func waitForLockWait(t *testing.T, conn *pgx.Conn, fragment string) int {
	t.Helper()
	var pid int
	require.Eventually(t, func() bool {
		err := conn.QueryRow(t.Context(), `
			SELECT pid FROM pg_stat_activity
			 WHERE datname = current_database() AND pid <> pg_backend_pid()
			   AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'
			 LIMIT 1`, fragment).Scan(&pid)
		return err == nil
	}, 10*time.Second, 5*time.Millisecond, "no backend waits for a lock in %q", fragment)
	return pid
}

type insertOutcome struct {
	stored   workout.Workout
	replayed bool
	err      error
}

func TestInsertWorkoutConcurrentSameKey(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)
	conn := connect(t, dsn)
	userID := uuid.New()

	for round := range 10 {
		key := "key-" + uuid.NewString()
		start := make(chan struct{})
		outcomes := make([]insertOutcome, 2)
		var wg sync.WaitGroup
		for i, s := range []*pgstore.Store{first, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := newWorkout(userID)
				w.IdempotencyKey = key
				<-start
				stored, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime))
				outcomes[i] = insertOutcome{stored, replayed, err}
			}()
		}
		close(start)
		wg.Wait()

		require.NoError(t, outcomes[0].err, "round %d", round)
		require.NoError(t, outcomes[1].err, "round %d", round)
		require.Equal(t, outcomes[0].stored.ID, outcomes[1].stored.ID, "round %d: both callers get the same workout", round)
		require.NotEqual(t, outcomes[0].replayed, outcomes[1].replayed, "round %d: exactly one call stores", round)
		require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_records WHERE idempotency_key = $1`, key))
		require.Equal(t, 2, count(t, conn, `SELECT count(*) FROM workoutflow_jobs WHERE workout_id = $1`, outcomes[0].stored.ID))
	}
	require.Equal(t, 10, count(t, conn, `SELECT count(*) FROM workout_processing_queue WHERE user_id = $1`, userID))
}

// TestInsertWorkoutWaitsForUncommittedKey holds an uncommitted insert with
// a key on one connection and makes sure that a second insert with the same
// key waits for it and then returns the committed workout.
func TestInsertWorkoutWaitsForUncommittedKey(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	holder := connect(t, dsn)
	observer := connect(t, dsn)
	userID := uuid.New()

	tx, err := holder.Begin(t.Context())
	require.NoError(t, err)
	firstID := uuid.New()
	_, err = tx.Exec(t.Context(), `SELECT * FROM workoutflow_insert_workout($1, $2, '', 'Corrida', 'Run', $3, 50, '',
		NULL, NULL, 'same-key', 0, ARRAY['ranking'], '1 minute', $3)`, firstID, userID, baseTime)
	require.NoError(t, err)

	done := make(chan insertOutcome, 1)
	go func() {
		w := newWorkout(userID)
		w.IdempotencyKey = "same-key"
		stored, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime))
		done <- insertOutcome{stored, replayed, err}
	}()
	waitForLockWait(t, observer, "workoutflow_record_workout")
	require.NoError(t, tx.Commit(t.Context()))

	outcome := <-done
	require.NoError(t, outcome.err)
	require.True(t, outcome.replayed)
	require.Equal(t, firstID, outcome.stored.ID)
}

// TestInsertWorkoutWaitsForUncommittedReplay does the same for a workout
// without a key, which the per-user advisory lock serializes.
func TestInsertWorkoutWaitsForUncommittedReplay(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	holder := connect(t, dsn)
	observer := connect(t, dsn)
	w := newWorkout(uuid.New())

	tx, err := holder.Begin(t.Context())
	require.NoError(t, err)
	firstID := uuid.New()
	_, err = tx.Exec(t.Context(), `SELECT * FROM workoutflow_insert_workout($1, $2, $3, $4, $5, $6, $7, $8,
		NULL, NULL, NULL, 0, ARRAY['ranking'], '1 minute', $9)`,
		firstID, w.UserID, w.ClientWorkoutID, w.Name, w.Type, w.Date, w.DurationMinutes, w.Notes, baseTime)
	require.NoError(t, err)

	done := make(chan insertOutcome, 1)
	go func() {
		stored, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime.Add(10*time.Second)))
		done <- insertOutcome{stored, replayed, err}
	}()
	waitForLockWait(t, observer, "workoutflow_record_workout")
	require.NoError(t, tx.Commit(t.Context()))

	outcome := <-done
	require.NoError(t, outcome.err)
	require.True(t, outcome.replayed, "an identical workout 10 s later is a replay")
	require.Equal(t, firstID, outcome.stored.ID)
}

func TestInsertWorkoutConcurrentReplays(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)
	conn := connect(t, dsn)
	userID := uuid.New()

	const calls = 6
	start := make(chan struct{})
	outcomes := make([]insertOutcome, calls)
	var wg sync.WaitGroup
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := []*pgstore.Store{first, second}[i%2]
			w := newWorkout(userID)
			<-start
			stored, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime))
			outcomes[i] = insertOutcome{stored, replayed, err}
		}()
	}
	close(start)
	wg.Wait()

	stores := 0
	for i, outcome := range outcomes {
		require.NoError(t, outcome.err, "call %d", i)
		require.Equal(t, outcomes[0].stored.ID, outcome.stored.ID, "call %d", i)
		if !outcome.replayed {
			stores++
		}
	}
	require.Equal(t, 1, stores, "exactly one call stores")
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_records WHERE user_id = $1`, userID))
}
