package storagetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/internal/clocktest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// The flow tests run the whole pipeline, with the real ranking and dashboard
// stages, on the adapter: every domain rule must hold on every store.

var flowTests = []testCase{
	{name: "late evening workout counts for its local day", run: testFlowLocalDay},
	{name: "non-qualifying workouts earn nothing", run: testFlowNothingEarned},
	{name: "workouts outside the window earn nothing", run: testFlowOutsideWindow},
	{name: "deleting the check-in workout hands the day over", run: testFlowDeleteHandsOver},
	{name: "moving a workout to another challenge moves its check-in", run: testFlowUpdateMoves},
	{name: "positions follow the three ranking keys", run: testFlowPositions},
	{name: "dropped participant leaves the ranking", run: testFlowDropped},
	{name: "stage failing after its writes does not double count", run: testFlowFailAfterWrites},
	{name: "failing ranking keeps the workout and the dashboard", run: testFlowRankingDown},
	{name: "concurrent identical records give one check-in", run: testFlowConcurrentReplays},
	{name: "users checking in at the same moment all count", run: testFlowConcurrentUsers},
	{name: "late arrivals give the in-order result", run: testFlowOutOfOrder},
}

// flowClock is a clock that the test moves by hand.
type flowClock = clocktest.Manual

// flowNow is "now" in the flow tests: day 10 of a 21-day challenge that
// starts on 1 June 2024 in Sao Paulo.
var flowNow = time.Date(2024, time.June, 10, 15, 0, 0, 0, time.UTC)

type flowBundle struct {
	store      Adapter
	clock      *flowClock
	pipeline   *workout.Pipeline
	challenges *ranking.Service
	dashboards *dashboard.Service
	rankStage  *ranking.Stage
	challenge  ranking.Challenge
}

// newFlow builds a pipeline with the built-in stages on s, lets wrap replace
// the ranking stage, and creates the test challenge.
func newFlow(t *testing.T, s Adapter, wrap func(workout.Stage) workout.Stage) *flowBundle {
	t.Helper()
	b := &flowBundle{store: s, clock: clocktest.New(flowNow)}

	var err error
	b.rankStage, err = ranking.NewStage(ranking.StageConfig{Store: s, Clock: b.clock})
	require.NoError(t, err)
	boardStage, err := dashboard.NewStage(dashboard.StageConfig{Store: s, Clock: b.clock})
	require.NoError(t, err)
	b.challenges, err = ranking.NewService(ranking.ServiceConfig{Store: s, Clock: b.clock, Stage: b.rankStage})
	require.NoError(t, err)
	b.dashboards, err = dashboard.NewService(dashboard.ServiceConfig{Store: s, Clock: b.clock})
	require.NoError(t, err)

	var rankStage workout.Stage = b.rankStage
	if wrap != nil {
		rankStage = wrap(rankStage)
	}
	b.pipeline, err = workout.New(workout.Config{
		Store: s,
		Clock: b.clock,
		Stages: []workout.StageConfig{
			{Name: workout.StageRanking, Stage: rankStage, MaxAttempts: 3},
			{Name: workout.StageDashboard, Stage: boardStage, MaxAttempts: 3},
		},
		PollInterval: 10 * time.Millisecond,
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, b.pipeline.Stop(ctx))
		require.NoError(t, b.rankStage.Stop(ctx))
	})

	b.challenge = b.newChallenge(t, "Desafio 21 dias")
	return b
}

func (b *flowBundle) newChallenge(t *testing.T, title string) ranking.Challenge {
	t.Helper()
	loc, err := workout.LoadZone("")
	require.NoError(t, err)
	c, err := b.challenges.CreateChallenge(t.Context(), ranking.Challenge{
		Title:     title,
		StartDate: time.Date(2024, time.June, 1, 0, 0, 0, 0, loc),
		EndDate:   time.Date(2024, time.June, 21, 23, 59, 59, 0, loc),
		Active:    true,
	})
	require.NoError(t, err)
	return c
}

func (b *flowBundle) join(t *testing.T, userID uuid.UUID, challenges ...ranking.Challenge) {
	t.Helper()
	if len(challenges) == 0 {
		challenges = []ranking.Challenge{b.challenge}
	}
	for _, c := range challenges {
		_, err := b.challenges.Join(t.Context(), c.ID, userID)
		require.NoError(t, err)
	}
}

// record records a workout of the user in the test challenge at the Sao
// Paulo wall-clock time given as "2006-01-02 15:04".
func (b *flowBundle) record(t *testing.T, userID uuid.UUID, local string, minutes int) workout.Workout {
	t.Helper()
	rec, err := b.pipeline.Record(t.Context(), flowWorkout(t, userID, b.challenge.ID, local, minutes))
	require.NoError(t, err)
	return rec.Workout
}

func flowWorkout(t *testing.T, userID, challengeID uuid.UUID, local string, minutes int) workout.Workout {
	t.Helper()
	loc, err := workout.LoadZone("")
	require.NoError(t, err)
	date, err := time.ParseInLocation("2006-01-02 15:04", local, loc)
	require.NoError(t, err)
	return workout.Workout{
		UserID: userID, Name: "Corrida", Type: "Run", Date: date,
		DurationMinutes: minutes, ChallengeID: challengeID,
	}
}

// run runs every due job and requires that none failed for good.
func (b *flowBundle) run(t *testing.T) {
	t.Helper()
	_, err := b.pipeline.RunPending(t.Context())
	require.NoError(t, err)
}

func (b *flowBundle) progress(t *testing.T, userID uuid.UUID) ranking.Progress {
	t.Helper()
	p, err := b.challenges.UserProgress(t.Context(), b.challenge.ID, userID)
	require.NoError(t, err)
	return p
}

func (b *flowBundle) checkInDays(t *testing.T, challengeID, userID uuid.UUID) []string {
	t.Helper()
	checkIns, err := b.challenges.CheckIns(t.Context(), challengeID, userID)
	require.NoError(t, err)
	days := make([]string, len(checkIns))
	for i, c := range checkIns {
		days[i] = c.Day.String()
	}
	return days
}

func (b *flowBundle) dashboard(t *testing.T, userID uuid.UUID) dashboard.Dashboard {
	t.Helper()
	d, err := b.store.Dashboard(t.Context(), userID)
	require.NoError(t, err)
	return d
}

func testFlowLocalDay(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	user := uuid.New()
	b.join(t, user)

	w := b.record(t, user, "2024-06-02 22:30", 50) // 01:30 UTC on 3 June
	b.record(t, user, "2024-06-04 00:30", 50)      // early morning stays on its own day
	b.run(t)

	require.Equal(t, []string{"2024-06-02", "2024-06-04"}, b.checkInDays(t, b.challenge.ID, user))
	p := b.progress(t, user)
	require.Equal(t, 20, p.Points)
	require.Equal(t, 2, p.CheckIns)
	require.Equal(t, 1, p.Position)

	stored, err := b.pipeline.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	require.Equal(t, 10, stored.Points)

	d := b.dashboard(t, user)
	require.Equal(t, 20, d.TotalPoints)
	require.Equal(t, 2, d.TotalCheckIns)
	require.Equal(t, 2, d.TotalWorkouts)
}

func testFlowNothingEarned(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	member, outsider := uuid.New(), uuid.New()
	b.join(t, member)

	b.record(t, member, "2024-06-05 07:00", 44)   // one minute short
	b.record(t, member, "2024-06-06 07:00", 45)   // exactly the minimum: counts
	b.record(t, member, "2024-06-06 18:00", 60)   // second workout of the day
	b.record(t, outsider, "2024-06-06 07:00", 60) // not a participant
	b.run(t)

	require.Equal(t, []string{"2024-06-06"}, b.checkInDays(t, b.challenge.ID, member))
	require.Equal(t, 10, b.progress(t, member).Points)
	require.Equal(t, 3, b.progress(t, member).WorkoutsInWindow)
	require.Empty(t, b.checkInDays(t, b.challenge.ID, outsider))

	require.Equal(t, 10, b.dashboard(t, member).TotalPoints, "dashboard points come from check-ins only")
	require.Equal(t, 3, b.dashboard(t, member).TotalWorkouts)
	require.Zero(t, b.dashboard(t, outsider).TotalPoints)
}

func testFlowOutsideWindow(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	user := uuid.New()
	b.join(t, user)
	b.clock.Advance(30 * 24 * time.Hour) // 10 July: the challenge is over

	b.record(t, user, "2024-05-31 23:30", 60) // day before the start
	b.record(t, user, "2024-06-01 00:10", 60) // first day
	b.record(t, user, "2024-06-21 23:50", 60) // last day
	b.record(t, user, "2024-06-22 00:05", 60) // day after the end
	b.run(t)

	require.Equal(t, []string{"2024-06-01", "2024-06-21"}, b.checkInDays(t, b.challenge.ID, user))
}

func testFlowDeleteHandsOver(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	user := uuid.New()
	b.join(t, user)

	first := b.record(t, user, "2024-06-03 07:00", 50)
	second := b.record(t, user, "2024-06-03 19:00", 50)
	only := b.record(t, user, "2024-06-04 07:00", 50)
	b.run(t)
	require.Equal(t, 20, b.progress(t, user).Points)

	_, err := b.pipeline.Delete(t.Context(), first.ID)
	require.NoError(t, err)
	b.run(t)
	checkIns, err := b.challenges.CheckIns(t.Context(), b.challenge.ID, user)
	require.NoError(t, err)
	require.Len(t, checkIns, 2)
	require.Equal(t, second.ID, checkIns[0].WorkoutID, "the day moves to the next qualifying workout")

	_, err = b.pipeline.Delete(t.Context(), only.ID)
	require.NoError(t, err)
	b.run(t)
	require.Equal(t, []string{"2024-06-03"}, b.checkInDays(t, b.challenge.ID, user))
	require.Equal(t, 10, b.progress(t, user).Points)
	require.Equal(t, 10, b.dashboard(t, user).TotalPoints)
}

func testFlowUpdateMoves(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	other := b.newChallenge(t, "Outro desafio")
	user := uuid.New()
	b.join(t, user, b.challenge, other)

	w := b.record(t, user, "2024-06-05 07:00", 50)
	b.run(t)
	require.Equal(t, []string{"2024-06-05"}, b.checkInDays(t, b.challenge.ID, user))

	w.ChallengeID = other.ID
	_, err := b.pipeline.Update(t.Context(), w)
	require.NoError(t, err)
	b.run(t)

	require.Empty(t, b.checkInDays(t, b.challenge.ID, user))
	require.Equal(t, []string{"2024-06-05"}, b.checkInDays(t, other.ID, user))
	require.Equal(t, 10, b.dashboard(t, user).TotalPoints)
}

func testFlowPositions(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	a, c, d, e := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	for _, u := range []uuid.UUID{a, c, d, e} {
		b.join(t, u)
	}

	// a and c both have 2 check-ins; a has one more workout in the window.
	b.record(t, a, "2024-06-02 07:00", 50)
	b.record(t, a, "2024-06-03 07:00", 50)
	b.record(t, a, "2024-06-03 09:00", 20)
	b.record(t, c, "2024-06-02 07:00", 50)
	b.record(t, c, "2024-06-03 07:00", 50)
	// d and e tie on points and workouts; d checked in earlier.
	b.record(t, d, "2024-06-02 06:00", 50)
	b.record(t, e, "2024-06-02 08:00", 50)
	b.run(t)

	require.Equal(t, 1, b.progress(t, a).Position)
	require.Equal(t, 2, b.progress(t, c).Position)
	require.Equal(t, 3, b.progress(t, d).Position)
	require.Equal(t, 4, b.progress(t, e).Position)
}

func testFlowDropped(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	stays, leaves := uuid.New(), uuid.New()
	b.join(t, stays)
	b.join(t, leaves)
	b.record(t, stays, "2024-06-02 07:00", 50)
	b.record(t, leaves, "2024-06-02 07:00", 50)
	b.record(t, leaves, "2024-06-03 07:00", 50)
	b.run(t)
	require.Equal(t, 1, b.progress(t, leaves).Position)

	_, err := b.challenges.Drop(t.Context(), b.challenge.ID, leaves)
	require.NoError(t, err)

	ranked, err := b.challenges.Ranking(t.Context(), b.challenge.ID)
	require.NoError(t, err)
	require.Len(t, ranked, 1)
	require.Equal(t, stays, ranked[0].UserID)
	require.Equal(t, 1, ranked[0].Position)
}

func testFlowFailAfterWrites(t *testing.T, s Adapter) {
	var calls atomic.Int64
	b := newFlow(t, s, func(inner workout.Stage) workout.Stage {
		return workout.StageFunc(func(ctx context.Context, job workout.Job) error {
			err := inner.Process(ctx, job)
			if calls.Add(1) == 1 {
				return errors.New("worker crashed after the ranking writes")
			}
			return err
		})
	})
	user := uuid.New()
	b.join(t, user)

	w := b.record(t, user, "2024-06-05 07:00", 50)
	b.run(t)
	status, err := b.pipeline.Status(t.Context(), w.ID)
	require.NoError(t, err)
	require.False(t, status.ProcessedForRanking)

	b.clock.Advance(workout.DefaultRetryMax)
	b.run(t)

	require.EqualValues(t, 2, calls.Load())
	p := b.progress(t, user)
	require.Equal(t, 10, p.Points, "the retry must not count the check-in twice")
	require.Equal(t, 1, p.CheckIns)
	status, err = b.pipeline.Status(t.Context(), w.ID)
	require.NoError(t, err)
	require.True(t, status.ProcessedForRanking)
}

func testFlowRankingDown(t *testing.T, s Adapter) {
	b := newFlow(t, s, func(workout.Stage) workout.Stage {
		return workout.StageFunc(func(context.Context, workout.Job) error {
			return errors.New("ranking tables are locked")
		})
	})
	user := uuid.New()
	b.join(t, user)

	w := b.record(t, user, "2024-06-05 07:00", 50)
	b.run(t)

	stored, err := b.pipeline.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	require.Equal(t, w.ID, stored.ID)
	require.Equal(t, 1, b.dashboard(t, user).TotalWorkouts)
	status, err := b.pipeline.Status(t.Context(), w.ID)
	require.NoError(t, err)
	require.True(t, status.ProcessedForDashboard)
	require.False(t, status.ProcessedForRanking)
	require.Contains(t, status.ProcessingError, "ranking tables are locked")
}

func testFlowConcurrentReplays(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	user := uuid.New()
	b.join(t, user)
	w := flowWorkout(t, user, b.challenge.ID, "2024-06-05 07:00", 50)

	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := b.pipeline.Record(context.Background(), w)
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	b.run(t)

	p := b.progress(t, user)
	require.Equal(t, 1, p.CheckIns)
	require.Equal(t, 1, p.WorkoutsInWindow, "five identical calls store one workout")
	require.Equal(t, 1, b.dashboard(t, user).TotalWorkouts)
}

func testFlowConcurrentUsers(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	users := make([]uuid.UUID, 8)
	for i := range users {
		users[i] = uuid.New()
		b.join(t, users[i])
	}

	require.NoError(t, b.pipeline.Start(t.Context()))
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := b.pipeline.Record(context.Background(), flowWorkout(t, u, b.challenge.ID, "2024-06-05 07:00", 50))
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	require.NoError(t, b.pipeline.WaitIdle(ctx, 10*time.Millisecond))

	ranked, err := b.challenges.Ranking(t.Context(), b.challenge.ID)
	require.NoError(t, err)
	require.Len(t, ranked, len(users))
	for _, p := range ranked {
		require.Equal(t, 10, p.Points, "user %s", p.UserID)
		require.Equal(t, 1, p.Position, "equal users share the first position")
	}
}

func testFlowOutOfOrder(t *testing.T, s Adapter) {
	b := newFlow(t, s, nil)
	user := uuid.New()
	b.join(t, user)

	b.record(t, user, "2024-06-04 07:00", 50)
	b.run(t)
	b.record(t, user, "2024-06-02 07:00", 50) // synced late from the phone
	b.record(t, user, "2024-06-03 07:00", 50)
	b.run(t)

	p := b.progress(t, user)
	require.Equal(t, 3, p.CheckIns)
	require.Equal(t, 3, p.ConsecutiveDays)
	require.NotNil(t, p.LastCheckIn)
	require.Equal(t, "2024-06-04", workout.LocalDateOf(*p.LastCheckIn, mustZone(t)).String())
}

func mustZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := workout.LoadZone("")
	require.NoError(t, err)
	return loc
}
