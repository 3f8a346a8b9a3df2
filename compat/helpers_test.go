package compat_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compattest"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// manualClock is a workout.Clock that moves only when the test moves it.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// switchableStage wraps a stage and fails every attempt while failing is
// set.
type switchableStage struct {
	inner   workout.Stage
	failing atomic.Bool
}

func (s *switchableStage) Process(ctx context.Context, job workout.Job) error {
	if s.failing.Load() {
		return errors.New("dashboard store unavailable")
	}
	return s.inner.Process(ctx, job)
}

// bundle is a Service on the in-memory adapter with the real ranking and
// dashboard stages.
type bundle struct {
	store     *memstore.Store
	clock     *manualClock
	pipeline  *workout.Pipeline
	service   *compat.Service
	dashboard *switchableStage
}

// noon is 12:00 in Sao Paulo on 2 June 2026, the tests' default time.
var noon = time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC)

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{store: memstore.New(), clock: &manualClock{now: noon}}

	rankingStage, err := ranking.NewStage(ranking.StageConfig{Store: b.store, Clock: b.clock})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, rankingStage.Stop(context.Background())) })
	dashboardStage, err := dashboard.NewStage(dashboard.StageConfig{Store: b.store, Clock: b.clock})
	require.NoError(t, err)
	b.dashboard = &switchableStage{inner: dashboardStage}

	b.pipeline, err = workout.New(workout.Config{
		Store: b.store,
		Clock: b.clock,
		Stages: []workout.StageConfig{
			{Name: workout.StageRanking, Stage: rankingStage},
			{Name: workout.StageDashboard, Stage: b.dashboard, MaxAttempts: 1},
		},
	})
	require.NoError(t, err)

	b.service, err = compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Clock: b.clock})
	require.NoError(t, err)
	return b
}

// env returns the bundle as a compattest.Env on the Go path.
func (b *bundle) env() compattest.Env {
	return compattest.Env{
		Caller:   compattest.ServiceCaller{Service: b.service},
		Fixtures: b.store,
		Workouts: b.store.UserWorkouts,
		Now:      b.clock.Now(),
	}
}

// challenge saves a 21-day challenge open since 30 May with one active
// member and returns both ids.
func (b *bundle) challenge(t *testing.T) (challengeID, member uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	challengeID, member = uuid.New(), uuid.New()
	require.NoError(t, b.store.SaveChallenge(ctx, ranking.Challenge{
		ID:        challengeID,
		Title:     "Desafio 21 dias",
		StartDate: time.Date(2026, 5, 30, 3, 0, 0, 0, time.UTC),
		EndDate:   time.Date(2026, 6, 19, 3, 0, 0, 0, time.UTC),
		Active:    true,
	}))
	require.NoError(t, b.store.SaveParticipant(ctx, ranking.Participant{
		ChallengeID: challengeID, UserID: member, Status: ranking.StatusActive, JoinedAt: noon.AddDate(0, 0, -3),
	}))
	return challengeID, member
}

// checkInParams returns a check-in of 60 minutes at the Sao Paulo wall
// clock time given as hh:mm on 2 June, sent as the app sends it.
func checkInParams(challengeID, userID uuid.UUID, clock, workoutID string) compat.CheckInParams {
	return compat.CheckInParams{
		ChallengeID:     challengeID.String(),
		Date:            "2026-06-02T" + clock + ":00.000Z",
		DurationMinutes: 60,
		UserID:          userID.String(),
		WorkoutID:       workoutID,
		WorkoutName:     "Corrida",
		WorkoutType:     "Cardio",
	}
}

// basicParams returns a record_workout_basic call of 50 minutes at the
// real instant date.
func basicParams(userID uuid.UUID, date time.Time, clientID string) compat.RecordWorkoutBasicParams {
	return compat.RecordWorkoutBasicParams{
		UserID:          userID.String(),
		WorkoutName:     "Musculação",
		WorkoutType:     "Força",
		DurationMinutes: 50,
		Date:            date.Format(time.RFC3339Nano),
		WorkoutID:       clientID,
	}
}

var errStoreDown = errors.New("store unavailable")
