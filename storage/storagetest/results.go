package storagetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var resultTests = []testCase{
	{name: "save stores check-ins and progress", run: testSaveUserResult},
	{name: "save keeps stored position", run: testSaveKeepsPosition},
	{name: "save replaces check-ins", run: testSaveReplacesCheckIns},
	{name: "two check-ins on one day conflict", run: testSaveSameDayConflict},
	{name: "non-member result clears check-ins", run: testSaveNonMember},
	{name: "refresh ranks members", run: testRefreshRanksMembers},
	{name: "dropped participant leaves ranking", run: testDroppedLeavesRanking},
}

// saveChallenge stores a new challenge, which the ranking rows refer to.
func saveChallenge(t *testing.T, s Adapter) ranking.Challenge {
	t.Helper()
	c := newChallenge()
	require.NoError(t, s.SaveChallenge(t.Context(), c))
	return c
}

// joinChallenge saves a participant row of the user with the status.
func joinChallenge(t *testing.T, s Adapter, challengeID, userID uuid.UUID, status ranking.ParticipantStatus) {
	t.Helper()
	p := ranking.Participant{ChallengeID: challengeID, UserID: userID, Status: status, JoinedAt: baseTime.Add(-24 * time.Hour)}
	require.NoError(t, s.SaveParticipant(t.Context(), p))
}

// newCheckIn returns the check-in that w earns in the challenge.
func newCheckIn(c ranking.Challenge, w workout.Workout) ranking.CheckIn {
	loc, _ := workout.LoadZone(c.TimeZone)
	day := workout.LocalDateOf(w.Date, loc)
	return ranking.CheckIn{
		ID:              uuid.NewSHA1(c.ID, []byte(w.UserID.String()+day.String())),
		ChallengeID:     c.ID,
		UserID:          w.UserID,
		Day:             day,
		CheckInAt:       w.Date,
		Points:          c.PointsPerCheckIn,
		WorkoutID:       w.ID,
		WorkoutName:     w.Name,
		WorkoutType:     w.Type,
		DurationMinutes: w.DurationMinutes,
		UserName:        "Joana",
		UserPhotoURL:    "https://example.com/j.jpg",
	}
}

// newProgress returns a progress row with the ranking keys set.
func newProgress(challengeID, userID uuid.UUID, points, workouts int, lastCheckIn time.Time) ranking.Progress {
	return ranking.Progress{
		ChallengeID:          challengeID,
		UserID:               userID,
		Points:               points,
		CheckIns:             points / 10,
		LastCheckIn:          &lastCheckIn,
		ConsecutiveDays:      2,
		WorkoutsInWindow:     workouts,
		CompletionPercentage: 9.52,
		UserName:             "Atleta " + userID.String()[:4],
	}
}

// saveResult saves a member's result with the progress and no check-ins.
func saveResult(t *testing.T, s Adapter, p ranking.Progress) {
	t.Helper()
	result := ranking.UserResult{ChallengeID: p.ChallengeID, UserID: p.UserID, Member: true, Progress: p}
	require.NoError(t, s.SaveUserResult(t.Context(), result, baseTime))
}

// requireProgress requires that got has the fields of want.
func requireProgress(t *testing.T, want, got ranking.Progress) {
	t.Helper()
	require.Equal(t, want.ChallengeID, got.ChallengeID, "ChallengeID")
	require.Equal(t, want.UserID, got.UserID, "UserID")
	require.Equal(t, want.Points, got.Points, "Points")
	require.Equal(t, want.CheckIns, got.CheckIns, "CheckIns")
	if want.LastCheckIn == nil {
		require.Nil(t, got.LastCheckIn, "LastCheckIn")
	} else {
		require.NotNil(t, got.LastCheckIn, "LastCheckIn")
		requireTime(t, *want.LastCheckIn, *got.LastCheckIn, "LastCheckIn")
	}
	require.Equal(t, want.ConsecutiveDays, got.ConsecutiveDays, "ConsecutiveDays")
	require.Equal(t, want.WorkoutsInWindow, got.WorkoutsInWindow, "WorkoutsInWindow")
	require.InDelta(t, want.CompletionPercentage, got.CompletionPercentage, 0.001, "CompletionPercentage")
	require.Equal(t, want.Completed, got.Completed, "Completed")
	require.Equal(t, want.Position, got.Position, "Position")
	require.Equal(t, want.UserName, got.UserName, "UserName")
	require.Equal(t, want.UserPhotoURL, got.UserPhotoURL, "UserPhotoURL")
	requireTime(t, want.UpdatedAt, got.UpdatedAt, "UpdatedAt")
}

// requireCheckIns requires that got lists the check-ins of want in order.
func requireCheckIns(t *testing.T, want, got []ranking.CheckIn) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		requireTime(t, want[i].CheckInAt, got[i].CheckInAt, "CheckInAt")
		w, g := want[i], got[i]
		w.CheckInAt, g.CheckInAt = time.Time{}, time.Time{}
		require.Equal(t, w, g, "check-in %d", i)
	}
}

func testSaveUserResult(t *testing.T, s Adapter) {
	c := saveChallenge(t, s)
	userID := uuid.New()
	joinChallenge(t, s, c.ID, userID, ranking.StatusActive)
	older := newWorkout(userID, c.ID)
	older.Date = baseTime.Add(-26 * time.Hour)
	older = insert(t, s, older, baseTime)
	newer := insert(t, s, newWorkout(userID, c.ID), baseTime)
	sameDay := newWorkout(userID, c.ID)
	sameDay.Date = newer.Date.Add(time.Hour)
	sameDay = insert(t, s, sameDay, baseTime)
	stranger := insert(t, s, newWorkout(uuid.New(), c.ID), baseTime)

	checkIns := []ranking.CheckIn{newCheckIn(c, newer), newCheckIn(c, older)}
	progress := newProgress(c.ID, userID, 30, 3, newer.Date)
	progress.Position = 4
	progress.Completed = true
	progress.UserPhotoURL = "https://example.com/j.jpg"
	now := baseTime.Add(time.Minute)
	result := ranking.UserResult{
		ChallengeID: c.ID,
		UserID:      userID,
		Member:      true,
		CheckIns:    checkIns,
		Progress:    progress,
		WorkoutPoints: map[uuid.UUID]int{
			older.ID: 15, newer.ID: 15, sameDay.ID: 0, stranger.ID: 99,
		},
	}
	require.NoError(t, s.SaveUserResult(t.Context(), result, now))

	got, err := s.CheckIns(t.Context(), c.ID, userID)
	require.NoError(t, err)
	requireCheckIns(t, []ranking.CheckIn{checkIns[1], checkIns[0]}, got)

	stored, err := s.UserProgress(t.Context(), c.ID, userID)
	require.NoError(t, err)
	want := progress
	want.Position = 0
	want.UpdatedAt = now
	requireProgress(t, want, stored)

	for id, points := range map[uuid.UUID]int{older.ID: 15, newer.ID: 15, sameDay.ID: 0, stranger.ID: 0} {
		w, err := s.Workout(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, points, w.Points, "points of workout %s", id)
	}
}

func testSaveKeepsPosition(t *testing.T, s Adapter) {
	challengeID, userID := saveChallenge(t, s).ID, uuid.New()
	joinChallenge(t, s, challengeID, userID, ranking.StatusActive)
	saveResult(t, s, newProgress(challengeID, userID, 10, 1, baseTime))
	require.NoError(t, s.RefreshPositions(t.Context(), challengeID, baseTime))

	p := newProgress(challengeID, userID, 20, 2, baseTime)
	p.Position = 5
	saveResult(t, s, p)

	stored, err := s.UserProgress(t.Context(), challengeID, userID)
	require.NoError(t, err)
	require.Equal(t, 1, stored.Position, "the position changes only on refresh")
	require.Equal(t, 20, stored.Points)
}

func testSaveReplacesCheckIns(t *testing.T, s Adapter) {
	c := saveChallenge(t, s)
	userID := uuid.New()
	first := newWorkout(userID, c.ID)
	second := newWorkout(userID, c.ID)
	second.Date = first.Date.Add(-24 * time.Hour)
	result := ranking.UserResult{ChallengeID: c.ID, UserID: userID, Member: true,
		CheckIns: []ranking.CheckIn{newCheckIn(c, first), newCheckIn(c, second)}}
	require.NoError(t, s.SaveUserResult(t.Context(), result, baseTime))

	result.CheckIns = []ranking.CheckIn{newCheckIn(c, second)}
	require.NoError(t, s.SaveUserResult(t.Context(), result, baseTime))

	got, err := s.CheckIns(t.Context(), c.ID, userID)
	require.NoError(t, err)
	requireCheckIns(t, result.CheckIns, got)
}

func testSaveSameDayConflict(t *testing.T, s Adapter) {
	c := saveChallenge(t, s)
	userID := uuid.New()
	first := newWorkout(userID, c.ID)
	saved := ranking.UserResult{ChallengeID: c.ID, UserID: userID, Member: true,
		CheckIns: []ranking.CheckIn{newCheckIn(c, first)}, Progress: newProgress(c.ID, userID, 10, 1, first.Date)}
	require.NoError(t, s.SaveUserResult(t.Context(), saved, baseTime))

	later := newWorkout(userID, c.ID)
	later.Date = first.Date.Add(time.Hour)
	duplicate := newCheckIn(c, later)
	duplicate.ID = uuid.New()
	conflicting := saved
	conflicting.CheckIns = []ranking.CheckIn{newCheckIn(c, first), duplicate}
	conflicting.Progress = newProgress(c.ID, userID, 20, 2, later.Date)
	err := s.SaveUserResult(t.Context(), conflicting, baseTime.Add(time.Minute))

	require.ErrorIs(t, err, storage.ErrConflict)
	got, err := s.CheckIns(t.Context(), c.ID, userID)
	require.NoError(t, err)
	requireCheckIns(t, saved.CheckIns, got)
	stored, err := s.UserProgress(t.Context(), c.ID, userID)
	require.NoError(t, err)
	require.Equal(t, 10, stored.Points, "the failed save changed nothing")
}

func testSaveNonMember(t *testing.T, s Adapter) {
	c := saveChallenge(t, s)
	userID := uuid.New()
	joinChallenge(t, s, c.ID, userID, ranking.StatusActive)
	w := newWorkout(userID, c.ID)
	result := ranking.UserResult{ChallengeID: c.ID, UserID: userID, Member: true,
		CheckIns: []ranking.CheckIn{newCheckIn(c, w)}, Progress: newProgress(c.ID, userID, 10, 1, w.Date)}
	require.NoError(t, s.SaveUserResult(t.Context(), result, baseTime))
	require.NoError(t, s.RefreshPositions(t.Context(), c.ID, baseTime))

	joinChallenge(t, s, c.ID, userID, ranking.StatusDropped)
	dropped := ranking.UserResult{ChallengeID: c.ID, UserID: userID, Member: false,
		CheckIns: result.CheckIns, Progress: ranking.Progress{ChallengeID: c.ID, UserID: userID, WorkoutsInWindow: 1}}
	require.NoError(t, s.SaveUserResult(t.Context(), dropped, baseTime.Add(time.Minute)))

	got, err := s.CheckIns(t.Context(), c.ID, userID)
	require.NoError(t, err)
	require.Empty(t, got, "a non-member keeps no check-ins")
	stored, err := s.UserProgress(t.Context(), c.ID, userID)
	require.NoError(t, err)
	require.Zero(t, stored.Position)
	require.Zero(t, stored.Points)
	require.Equal(t, 1, stored.WorkoutsInWindow)

	outsider := uuid.New()
	require.NoError(t, s.SaveUserResult(t.Context(), ranking.UserResult{ChallengeID: c.ID, UserID: outsider}, baseTime))
	_, err = s.UserProgress(t.Context(), c.ID, outsider)
	require.ErrorIs(t, err, storage.ErrNotFound, "a non-member without a progress row gets none")
}

func testRefreshRanksMembers(t *testing.T, s Adapter) {
	challengeID := saveChallenge(t, s).ID
	users := map[string]uuid.UUID{}
	for _, name := range []string{"a", "b", "b2", "c", "completed", "dropped", "stranger"} {
		users[name] = uuid.New()
	}
	early, late := baseTime.Add(-2*time.Hour), baseTime.Add(-time.Hour)
	rows := []ranking.Progress{
		newProgress(challengeID, users["a"], 100, 15, late),
		newProgress(challengeID, users["b"], 100, 12, late),
		newProgress(challengeID, users["b2"], 100, 12, late),
		newProgress(challengeID, users["c"], 90, 20, early),
		newProgress(challengeID, users["completed"], 90, 20, late),
		newProgress(challengeID, users["dropped"], 200, 30, early),
		newProgress(challengeID, users["stranger"], 300, 30, early),
	}
	for _, row := range rows {
		saveResult(t, s, row)
	}
	for _, name := range []string{"a", "b", "b2", "c"} {
		joinChallenge(t, s, challengeID, users[name], ranking.StatusActive)
	}
	joinChallenge(t, s, challengeID, users["completed"], ranking.StatusCompleted)
	joinChallenge(t, s, challengeID, users["dropped"], ranking.StatusDropped)
	now := baseTime.Add(time.Minute)

	require.NoError(t, s.RefreshPositions(t.Context(), challengeID, now))

	want := map[string]int{"a": 1, "b": 2, "b2": 2, "c": 4, "completed": 5, "dropped": 0, "stranger": 0}
	for name, position := range want {
		stored, err := s.UserProgress(t.Context(), challengeID, users[name])
		require.NoError(t, err)
		require.Equal(t, position, stored.Position, "position of %s", name)
	}

	ranked, err := s.Ranking(t.Context(), challengeID)
	require.NoError(t, err)
	second, third := users["b"], users["b2"]
	if bytes.Compare(second[:], third[:]) > 0 {
		second, third = third, second
	}
	wantOrder := []uuid.UUID{users["a"], second, third, users["c"], users["completed"]}
	gotOrder := make([]uuid.UUID, 0, len(ranked))
	for _, row := range ranked {
		gotOrder = append(gotOrder, row.UserID)
	}
	require.Equal(t, wantOrder, gotOrder, "ranking by position, then user id")
	require.Equal(t, 100, ranked[0].Points)
	require.Equal(t, 15, ranked[0].WorkoutsInWindow)
}

func testDroppedLeavesRanking(t *testing.T, s Adapter) {
	challengeID, leader, runnerUp := saveChallenge(t, s).ID, uuid.New(), uuid.New()
	joinChallenge(t, s, challengeID, leader, ranking.StatusActive)
	joinChallenge(t, s, challengeID, runnerUp, ranking.StatusActive)
	saveResult(t, s, newProgress(challengeID, leader, 50, 5, baseTime))
	saveResult(t, s, newProgress(challengeID, runnerUp, 40, 4, baseTime))
	require.NoError(t, s.RefreshPositions(t.Context(), challengeID, baseTime))

	joinChallenge(t, s, challengeID, leader, ranking.StatusDropped)
	ranked, err := s.Ranking(t.Context(), challengeID)
	require.NoError(t, err)
	require.Len(t, ranked, 1, "a dropped participant leaves the ranking at once")
	require.Equal(t, runnerUp, ranked[0].UserID)

	require.NoError(t, s.RefreshPositions(t.Context(), challengeID, baseTime.Add(time.Minute)))
	stored, err := s.UserProgress(t.Context(), challengeID, leader)
	require.NoError(t, err)
	require.Zero(t, stored.Position)
	stored, err = s.UserProgress(t.Context(), challengeID, runnerUp)
	require.NoError(t, err)
	require.Equal(t, 1, stored.Position)
}
