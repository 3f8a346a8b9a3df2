package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// movableClock is a Clock that moves only when the test moves it.
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newPostgresMaintenance returns a maintenance runner of the server on its
// own connections to the database.
func newPostgresMaintenance(t *testing.T, dsn string, clock workout.Clock) *workout.Maintenance {
	t.Helper()
	store, err := pgstore.New(t.Context(), pgstore.Config{DSN: dsn, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(store.Close)

	nothing := func(context.Context) error { return nil }
	opened := &openedStore{store: store, tracker: tracking.Discard, startTracker: nothing, stopTracker: nothing, close: func() {}}
	a, err := newApp(opened, 1, clock, slog.New(slog.DiscardHandler))
	require.NoError(t, err)

	runner, err := newMaintenance(maintenanceConfig{Interval: time.Minute}, store, a.flow.Pipeline,
		tracking.Discard, clock, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NotNil(t, runner)
	return runner
}

func TestMaintenanceOneLeaderOnPostgreSQL(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	migrator, err := pgstore.New(t.Context(), pgstore.Config{DSN: dsn, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	require.NoError(t, migrator.Migrate(t.Context()))
	migrator.Close()

	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	clock := &movableClock{now: time.Now().UTC()}
	oldEvent := func() uuid.UUID {
		id := uuid.New()
		_, err := conn.Exec(t.Context(), `INSERT INTO workout_tracking_log (id, user_id, action, status, request_data, created_at)
			VALUES ($1, $2, 'ranking', 'succeeded', '{}', $3)`, id, uuid.New(), clock.Now().AddDate(0, -2, 0))
		require.NoError(t, err)
		return id
	}
	logged := func(id uuid.UUID) bool {
		var found bool
		require.NoError(t, conn.QueryRow(t.Context(), `SELECT EXISTS (SELECT 1 FROM workout_tracking_log WHERE id = $1)`, id).Scan(&found))
		return found
	}

	first := newPostgresMaintenance(t, dsn, clock)
	second := newPostgresMaintenance(t, dsn, clock)

	event := oldEvent()
	led, err := first.RunOnce(t.Context())
	require.NoError(t, err)
	require.True(t, led, "first runner takes the free lease")
	require.False(t, logged(event), "leader ran retention")

	event = oldEvent()
	led, err = second.RunOnce(t.Context())
	require.NoError(t, err)
	require.False(t, led, "second runner while the lease holds")
	require.True(t, logged(event), "follower ran no task")

	// Without renewal the lease ends after three intervals.
	clock.advance(3*time.Minute + time.Second)
	led, err = second.RunOnce(t.Context())
	require.NoError(t, err)
	require.True(t, led, "second runner takes the expired lease")
	require.False(t, logged(event), "new leader ran retention")

	led, err = first.RunOnce(t.Context())
	require.NoError(t, err)
	require.False(t, led, "first runner after losing the lease")
}

func TestNewMaintenanceDisabledAndInvalid(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	opened := openMemory(store)
	a, err := newApp(opened, 1, workout.SystemClock{}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	logger := slog.New(slog.DiscardHandler)

	runner, err := newMaintenance(maintenanceConfig{}, store, a.flow.Pipeline, tracking.Discard, workout.SystemClock{}, logger)
	require.NoError(t, err)
	require.Nil(t, runner, "interval 0 disables maintenance")

	_, err = newMaintenance(maintenanceConfig{Interval: -time.Second}, store, a.flow.Pipeline, tracking.Discard, workout.SystemClock{}, logger)
	require.ErrorContains(t, err, "-maintenance-interval")

	short := maintenanceConfig{Interval: time.Minute, Retention: workout.RetentionPolicy{Age: time.Hour}}
	_, err = newMaintenance(short, store, a.flow.Pipeline, tracking.Discard, workout.SystemClock{}, logger)
	require.ErrorContains(t, err, "recovery lookback")
}

func TestMaintenanceFlags(t *testing.T) {
	t.Parallel()
	var cfg maintenanceConfig
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	addMaintenanceFlags(flags, &cfg)

	require.NoError(t, flags.Parse(nil))
	require.Equal(t, workout.DefaultMaintenanceInterval, cfg.Interval)
	require.Equal(t, workout.DefaultRetentionAge, cfg.Retention.Age)
	require.Equal(t, workout.DefaultFailureRetentionAge, cfg.Retention.FailureAge)

	require.NoError(t, flags.Parse([]string{"-maintenance-interval", "0", "-retention-age", "240h"}))
	require.Zero(t, cfg.Interval)
	require.Equal(t, 240*time.Hour, cfg.Retention.Age)
}
