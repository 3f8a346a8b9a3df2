package dashboard_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/internal/clocktest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var saoPaulo = func() *time.Location {
	loc, err := workout.LoadZone(workout.DefaultTimeZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

// manualClock is a clock that the test moves by hand.
type manualClock = clocktest.Manual

// testBundle is what a stage or service test works with.
type testBundle struct {
	store  *memstore.Store
	clock  *manualClock
	userID uuid.UUID
}

func setup(t *testing.T, now time.Time) testBundle {
	t.Helper()
	return testBundle{store: memstore.New(), clock: clocktest.New(now), userID: uuid.New()}
}

func (b testBundle) newStage(t *testing.T) *dashboard.Stage {
	t.Helper()
	stage, err := dashboard.NewStage(dashboard.StageConfig{Store: b.store, Clock: b.clock})
	require.NoError(t, err)
	return stage
}

// record stores a workout of the bundle's user and returns the dashboard
// job it queues.
func (b testBundle) record(t *testing.T, date time.Time, minutes int, challengeID uuid.UUID) workout.Job {
	t.Helper()
	w := workout.Workout{
		ID:              uuid.New(),
		UserID:          b.userID,
		Name:            "Corrida",
		Type:            "Run",
		Date:            date,
		DurationMinutes: minutes,
		ChallengeID:     challengeID,
	}
	stored, replayed, err := b.store.InsertWorkout(context.Background(), workout.InsertRequest{
		Workout: w,
		Stages:  []string{workout.StageDashboard},
		Now:     b.clock.Now(),
	})
	require.NoError(t, err)
	require.False(t, replayed)
	return dashboardJob(stored)
}

func dashboardJob(w workout.Workout) workout.Job {
	return workout.Job{
		WorkoutID: w.ID,
		Stage:     workout.StageDashboard,
		UserID:    w.UserID,
		Reason:    workout.ReasonRecorded,
		State:     workout.JobRunning,
		Attempt:   1,
	}
}

// joinChallenge stores a challenge from 1 to 21 June 2025 with the default
// rules and makes the bundle's user an active participant.
func (b testBundle) joinChallenge(t *testing.T) ranking.Challenge {
	t.Helper()
	ctx := context.Background()
	ch := ranking.Challenge{
		ID:        uuid.New(),
		Title:     "21 dias",
		StartDate: time.Date(2025, time.June, 1, 0, 0, 0, 0, saoPaulo),
		EndDate:   time.Date(2025, time.June, 21, 0, 0, 0, 0, saoPaulo),
		Active:    true,
	}
	require.NoError(t, b.store.SaveChallenge(ctx, ch))
	require.NoError(t, b.store.SaveParticipant(ctx, ranking.Participant{
		ChallengeID: ch.ID, UserID: b.userID, Status: ranking.StatusActive, JoinedAt: ch.StartDate,
	}))
	return ch
}

func TestNewStageRequiresStore(t *testing.T) {
	t.Parallel()

	_, err := dashboard.NewStage(dashboard.StageConfig{})
	require.ErrorContains(t, err, "Store")
}

func TestStageProcessWithoutProfile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))
	job := b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 40, uuid.Nil)

	require.NoError(t, b.newStage(t).Process(ctx, job))

	d, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, b.userID, d.UserID)
	require.Equal(t, workout.DefaultTimeZone, d.TimeZone)
	require.Equal(t, workout.LocalDate{Year: 2025, Month: time.June, Day: 10}, d.ComputedFor)
	require.Equal(t, 1, d.TotalWorkouts)
	require.Equal(t, 40, d.MinutesThisMonth)
	require.Equal(t, 1, d.CurrentStreak)
}

func TestStageProcessUsesProfileZone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// 20:00 UTC on 31 May is 05:00 on 1 June in Tokyo.
	b := setup(t, time.Date(2025, time.May, 31, 21, 0, 0, 0, time.UTC))
	require.NoError(t, b.store.SaveProfile(ctx, workout.Profile{ID: b.userID, Name: "Yui", TimeZone: "Asia/Tokyo"}))
	job := b.record(t, time.Date(2025, time.May, 31, 20, 0, 0, 0, time.UTC), 30, uuid.Nil)

	require.NoError(t, b.newStage(t).Process(ctx, job))

	d, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, "Asia/Tokyo", d.TimeZone)
	require.Equal(t, workout.LocalDate{Year: 2025, Month: time.June, Day: 1}, d.ComputedFor)
	require.Equal(t, 30, d.MinutesThisMonth)
}

func TestStageProcessRetryCountsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))
	ch := b.joinChallenge(t)
	b.record(t, time.Date(2025, time.June, 9, 7, 0, 0, 0, saoPaulo), 50, ch.ID)
	job := b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 30, ch.ID)
	stage := b.newStage(t)

	require.NoError(t, stage.Process(ctx, job))
	first, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)

	job.Attempt = 2
	require.NoError(t, stage.Process(ctx, job))
	second, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)

	require.Equal(t, first, second)
	require.Equal(t, 2, second.TotalWorkouts)
	require.Equal(t, 80, second.TotalMinutes)
	require.Equal(t, 10, second.TotalPoints, "the 30-minute workout earns no check-in")
	require.Equal(t, 1, second.TotalCheckIns)
}

func TestStageProcessAfterDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))
	ch := b.joinChallenge(t)
	b.record(t, time.Date(2025, time.June, 9, 7, 0, 0, 0, saoPaulo), 50, ch.ID)
	job := b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 60, ch.ID)
	stage := b.newStage(t)
	require.NoError(t, stage.Process(ctx, job))

	deleted, err := b.store.DeleteWorkout(ctx, job.WorkoutID, []string{workout.StageDashboard}, b.clock.Now())
	require.NoError(t, err)
	deleteJob := dashboardJob(deleted)
	deleteJob.Reason = workout.ReasonDeleted
	require.NoError(t, stage.Process(ctx, deleteJob))

	d, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, 1, d.TotalWorkouts)
	require.Equal(t, 50, d.TotalMinutes)
	require.Equal(t, 10, d.TotalPoints)
	require.Equal(t, 1, d.CurrentStreak)
}

func TestStageProcessRejectsJobWithoutUser(t *testing.T) {
	t.Parallel()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))
	workoutID := uuid.New()

	err := b.newStage(t).Process(context.Background(), workout.Job{WorkoutID: workoutID, Stage: workout.StageDashboard})
	require.ErrorContains(t, err, "missing user id")
	require.ErrorContains(t, err, workoutID.String())
}
