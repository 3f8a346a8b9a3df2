package ranking_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var saoPaulo = func() *time.Location {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// stageBundle is a Stage on an in-memory store with one 21-day challenge
// (1 to 21 June 2025 in Sao Paulo) and the clock at 30 June 2025.
type stageBundle struct {
	store     *memstore.Store
	stage     *ranking.Stage
	challenge ranking.Challenge
	now       time.Time
}

func setupStage(t *testing.T, async bool) *stageBundle {
	t.Helper()

	bundle := &stageBundle{store: memstore.New(), now: localTime(t, "2025-06-30 12:00")}
	bundle.challenge = ranking.Challenge{
		ID:        uuid.New(),
		Title:     "21 dias",
		StartDate: localTime(t, "2025-06-01 00:00"),
		EndDate:   localTime(t, "2025-06-21 23:59"),
		TimeZone:  "America/Sao_Paulo",
		Active:    true,
	}
	require.NoError(t, bundle.store.SaveChallenge(context.Background(), bundle.challenge))

	stage, err := ranking.NewStage(ranking.StageConfig{
		Store:          bundle.store,
		Clock:          workout.ClockFunc(func() time.Time { return bundle.now }),
		AsyncPositions: async,
	})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, stage.Stop(context.Background())) })
	bundle.stage = stage
	return bundle
}

// localTime parses a Sao Paulo wall-clock time such as "2025-06-02 22:30".
func localTime(t *testing.T, value string) time.Time {
	t.Helper()
	parsed, err := time.ParseInLocation("2006-01-02 15:04", value, saoPaulo)
	require.NoError(t, err)
	return parsed
}

// join stores an active participant row and a profile for a new user.
func (b *stageBundle) join(t *testing.T, name string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	userID := uuid.New()
	require.NoError(t, b.store.SaveParticipant(ctx, ranking.Participant{
		ChallengeID: b.challenge.ID, UserID: userID, Status: ranking.StatusActive, JoinedAt: b.now,
	}))
	require.NoError(t, b.store.SaveProfile(ctx, workout.Profile{ID: userID, Name: name}))
	return userID
}

// record stores a workout of the user for the challenge at a Sao Paulo
// wall-clock time.
func (b *stageBundle) record(t *testing.T, userID uuid.UUID, local string, minutes int) workout.Workout {
	t.Helper()
	date := localTime(t, local)
	stored, replayed, err := b.store.InsertWorkout(context.Background(), workout.InsertRequest{
		Workout: workout.Workout{
			ID: uuid.New(), UserID: userID, Name: "Corrida", Type: "Run",
			Date: date, DurationMinutes: minutes, ChallengeID: b.challenge.ID,
		},
		Now: date,
	})
	require.NoError(t, err)
	require.False(t, replayed)
	return stored
}

func (b *stageBundle) process(t *testing.T, userID uuid.UUID, challengeIDs ...uuid.UUID) {
	t.Helper()
	if len(challengeIDs) == 0 {
		challengeIDs = []uuid.UUID{b.challenge.ID}
	}
	job := workout.Job{Stage: workout.StageRanking, UserID: userID, ChallengeIDs: challengeIDs}
	require.NoError(t, b.stage.Process(context.Background(), job))
}

func (b *stageBundle) workoutPoints(t *testing.T, id uuid.UUID) int {
	t.Helper()
	w, err := b.store.Workout(context.Background(), id)
	require.NoError(t, err)
	return w.Points
}

func TestNewStageRequiresStore(t *testing.T) {
	t.Parallel()

	_, err := ranking.NewStage(ranking.StageConfig{})
	require.ErrorContains(t, err, "StageConfig.Store")
}

func TestStageProcessSavesResult(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()
	userID := b.join(t, "Ana")
	first := b.record(t, userID, "2025-06-02 22:30", 60)
	second := b.record(t, userID, "2025-06-02 23:10", 60)
	short := b.record(t, userID, "2025-06-03 08:00", 44)

	b.process(t, userID)

	checkIns, err := b.store.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Len(t, checkIns, 1)
	require.Equal(t, first.ID, checkIns[0].WorkoutID)
	require.Equal(t, "2025-06-02", checkIns[0].Day.String())
	require.Equal(t, "Ana", checkIns[0].UserName)

	progress, err := b.store.UserProgress(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, 10, progress.Points)
	require.Equal(t, 1, progress.Position)
	require.Equal(t, 3, progress.WorkoutsInWindow)

	require.Equal(t, 10, b.workoutPoints(t, first.ID))
	require.Equal(t, 0, b.workoutPoints(t, second.ID))
	require.Equal(t, 0, b.workoutPoints(t, short.ID))
}

func TestStageProcessTwiceSameResult(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()
	userID := b.join(t, "Ana")
	b.record(t, userID, "2025-06-02 08:00", 60)

	b.process(t, userID)
	once, err := b.store.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)

	b.process(t, userID)
	twice, err := b.store.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, once, twice)
}

func TestStageSkipsUnknownChallenge(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	userID := b.join(t, "Ana")

	b.process(t, userID, uuid.New(), uuid.Nil)
}

func TestStageMissingRows(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()

	t.Run("no profile", func(t *testing.T) {
		userID := uuid.New()
		require.NoError(t, b.store.SaveParticipant(ctx, ranking.Participant{
			ChallengeID: b.challenge.ID, UserID: userID, Status: ranking.StatusActive,
		}))
		b.record(t, userID, "2025-06-02 08:00", 60)
		b.process(t, userID)

		progress, err := b.store.UserProgress(ctx, b.challenge.ID, userID)
		require.NoError(t, err)
		require.Equal(t, workout.DefaultDisplayName, progress.UserName)
		require.Equal(t, 10, progress.Points)
	})

	t.Run("no participant", func(t *testing.T) {
		userID := uuid.New()
		w := b.record(t, userID, "2025-06-02 08:00", 60)
		b.process(t, userID)

		checkIns, err := b.store.CheckIns(ctx, b.challenge.ID, userID)
		require.NoError(t, err)
		require.Empty(t, checkIns)
		require.Equal(t, 0, b.workoutPoints(t, w.ID))
	})
}

func TestStageDeletedWorkoutHandsOverDay(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()
	userID := b.join(t, "Ana")
	first := b.record(t, userID, "2025-06-02 07:00", 60)
	second := b.record(t, userID, "2025-06-02 19:00", 60)
	b.process(t, userID)
	before, err := b.store.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)

	_, err = b.store.DeleteWorkout(ctx, first.ID, nil, b.now)
	require.NoError(t, err)
	b.process(t, userID)

	after, err := b.store.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Len(t, after, 1)
	require.Equal(t, second.ID, after[0].WorkoutID)
	require.Equal(t, before[0].ID, after[0].ID)
	require.Equal(t, 10, b.workoutPoints(t, second.ID))

	_, err = b.store.DeleteWorkout(ctx, second.ID, nil, b.now)
	require.NoError(t, err)
	b.process(t, userID)

	after, err = b.store.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Empty(t, after)
	progress, err := b.store.UserProgress(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Zero(t, progress.Points)
}

func TestStageRanksExample(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()

	// A: 10 check-ins and 15 workouts, B: 10 and 12, C: 9 and 20.
	users := map[string]struct{ days, extra int }{"A": {10, 5}, "B": {10, 2}, "C": {9, 11}}
	ids := map[string]uuid.UUID{}
	for name, plan := range users {
		userID := b.join(t, name)
		ids[name] = userID
		for day := range plan.days {
			b.record(t, userID, fmt.Sprintf("2025-06-%02d 08:00", day+1), 60)
		}
		for i := range plan.extra {
			b.record(t, userID, fmt.Sprintf("2025-06-%02d 20:00", i+1), 20)
		}
		b.process(t, userID)
	}

	rows, err := b.store.Ranking(ctx, b.challenge.ID)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	require.Equal(t, ids["A"], rows[0].UserID)
	require.Equal(t, 1, rows[0].Position)
	require.Equal(t, 100, rows[0].Points)
	require.Equal(t, 15, rows[0].WorkoutsInWindow)
	require.Equal(t, ids["B"], rows[1].UserID)
	require.Equal(t, 2, rows[1].Position)
	require.Equal(t, ids["C"], rows[2].UserID)
	require.Equal(t, 3, rows[2].Position)
	require.Equal(t, 20, rows[2].WorkoutsInWindow)
}

func TestStageConcurrentUsers(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()

	// Users who check in at the same moment must all count.
	const users = 12
	userIDs := make([]uuid.UUID, users)
	for i := range userIDs {
		userIDs[i] = b.join(t, fmt.Sprintf("User %d", i))
		for day := range i + 1 {
			b.record(t, userIDs[i], fmt.Sprintf("2025-06-%02d 08:00", day+1), 60)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, users)
	for _, userID := range userIDs {
		wg.Go(func() {
			job := workout.Job{Stage: workout.StageRanking, UserID: userID, ChallengeIDs: []uuid.UUID{b.challenge.ID}}
			errs <- b.stage.Process(ctx, job)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	rows, err := b.store.Ranking(ctx, b.challenge.ID)
	require.NoError(t, err)
	require.Len(t, rows, users)
	for i, row := range rows {
		require.Equal(t, userIDs[users-1-i], row.UserID)
		require.Equal(t, i+1, row.Position)
	}
}

func TestStageAsyncPositions(t *testing.T) {
	t.Parallel()

	b := setupStage(t, true)
	ctx := context.Background()
	userID := b.join(t, "Ana")
	b.record(t, userID, "2025-06-02 08:00", 60)

	b.process(t, userID)
	require.NoError(t, b.stage.Stop(ctx))

	progress, err := b.store.UserProgress(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, 1, progress.Position)

	job := workout.Job{Stage: workout.StageRanking, UserID: userID, ChallengeIDs: []uuid.UUID{b.challenge.ID}}
	require.ErrorIs(t, b.stage.Process(ctx, job), ranking.ErrRefresherStopped)
}

func TestStageCollectsChallengeErrors(t *testing.T) {
	t.Parallel()

	b := setupStage(t, false)
	ctx := context.Background()
	userID := b.join(t, "Ana")
	b.record(t, userID, "2025-06-02 08:00", 60)

	var broken []uuid.UUID
	for range 2 {
		ch := b.challenge
		ch.ID = uuid.New()
		ch.TimeZone = "Mars/Olympus_Mons"
		require.NoError(t, b.store.SaveChallenge(ctx, ch))
		broken = append(broken, ch.ID)
	}

	job := workout.Job{Stage: workout.StageRanking, UserID: userID, ChallengeIDs: []uuid.UUID{broken[0], b.challenge.ID, broken[1]}}
	err := b.stage.Process(ctx, job)

	var merr *multierror.Error
	require.ErrorAs(t, err, &merr)
	require.Len(t, merr.Errors, 2)
	require.ErrorContains(t, err, broken[0].String())
	require.ErrorContains(t, err, broken[1].String())
	require.NotErrorIs(t, err, storage.ErrNotFound)

	progress, err := b.store.UserProgress(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, 10, progress.Points, "a failing challenge does not stop the others")
}
