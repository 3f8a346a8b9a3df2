package main

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestRecordUpdatesRankingAndDashboard(t *testing.T) {
	t.Parallel()
	checkRankingFlow(t, setup(t))
}

func TestRecordUpdatesRankingOnPostgreSQL(t *testing.T) {
	t.Parallel()
	checkRankingFlow(t, setupWithPostgreSQL(t))
}

// checkRankingFlow records workouts of two participants, runs the stages
// and checks the ranking, the check-ins, the progress and the dashboards.
func checkRankingFlow(t *testing.T, s *testServer) {
	t.Helper()

	ana, bruno := uuid.New(), uuid.New()
	s.call(http.MethodPut, "/v1/profiles/"+ana.String(), map[string]string{"name": "Ana"}, http.StatusOK, nil)
	challengeID := s.createChallenge()
	s.join(challengeID, ana)
	s.join(challengeID, bruno)

	// 22:30 in Sao Paulo on 1 June is 01:30 UTC on 2 June: the check-in
	// belongs to 1 June.
	late := s.record(ana, challengeID, "2024-06-02T01:30:00Z", 50)
	s.record(ana, challengeID, "2024-06-02T12:00:00Z", 45)
	s.record(ana, challengeID, "2024-06-02T18:00:00Z", 60) // second of the day
	s.record(bruno, challengeID, "2024-06-03T12:00:00Z", 44)
	require.Equal(t, 8, s.runStages())

	var status workout.Status
	s.call(http.MethodGet, "/v1/workouts/"+late.Workout.ID.String()+"/status", nil, http.StatusOK, &status)
	require.True(t, status.ProcessedForRanking)
	require.True(t, status.ProcessedForDashboard)
	require.NotNil(t, status.ProcessedAt)

	var board rankingResponse
	s.call(http.MethodGet, "/v1/challenges/"+challengeID.String()+"/ranking", nil, http.StatusOK, &board)
	require.Len(t, board.Ranking, 2)
	require.Equal(t, ana, board.Ranking[0].UserID)
	require.Equal(t, "Ana", board.Ranking[0].UserName)
	require.Equal(t, 1, board.Ranking[0].Position)
	require.Equal(t, 20, board.Ranking[0].Points)
	require.Equal(t, 2, board.Ranking[0].CheckIns)
	require.Equal(t, 3, board.Ranking[0].WorkoutsInWindow)
	require.Equal(t, bruno, board.Ranking[1].UserID)
	require.Equal(t, 2, board.Ranking[1].Position)
	require.Equal(t, 0, board.Ranking[1].Points)

	var checkIns checkInsResponse
	s.call(http.MethodGet, "/v1/challenges/"+challengeID.String()+"/participants/"+ana.String()+"/check-ins", nil, http.StatusOK, &checkIns)
	require.Len(t, checkIns.CheckIns, 2)
	require.Equal(t, "2024-06-01", checkIns.CheckIns[0].Day.String())
	require.Equal(t, late.Workout.ID, checkIns.CheckIns[0].WorkoutID)
	require.Equal(t, "2024-06-02", checkIns.CheckIns[1].Day.String())

	var progress ranking.Progress
	s.call(http.MethodGet, "/v1/challenges/"+challengeID.String()+"/participants/"+ana.String()+"/progress", nil, http.StatusOK, &progress)
	require.Equal(t, 20, progress.Points)
	require.InDelta(t, 9.52, progress.CompletionPercentage, 0.001)

	var d dashboard.Dashboard
	s.call(http.MethodGet, "/v1/users/"+ana.String()+"/dashboard", nil, http.StatusOK, &d)
	require.Equal(t, 3, d.TotalWorkouts)
	require.Equal(t, 155, d.TotalMinutes)
	require.Equal(t, 20, d.TotalPoints)
	require.Equal(t, 2, d.TotalCheckIns)
	require.Equal(t, 2, d.DaysTrainedThisMonth)

	s.call(http.MethodGet, "/v1/users/"+bruno.String()+"/dashboard", nil, http.StatusOK, &d)
	require.Equal(t, 1, d.TotalWorkouts)
	require.Equal(t, 0, d.TotalPoints)
}

func TestUpdateAndDeleteRecompute(t *testing.T) {
	t.Parallel()
	checkEditFlow(t, setup(t))
}

func TestUpdateAndDeleteOnPostgreSQL(t *testing.T) {
	t.Parallel()
	checkEditFlow(t, setupWithPostgreSQL(t))
}

// checkEditFlow edits and deletes check-in workouts and checks that the
// check-ins and the dashboard follow.
func checkEditFlow(t *testing.T, s *testServer) {
	t.Helper()

	userID := uuid.New()
	challengeID := s.createChallenge()
	s.join(challengeID, userID)
	first := s.record(userID, challengeID, "2024-06-05T12:00:00Z", 50)
	second := s.record(userID, challengeID, "2024-06-05T20:00:00Z", 50)
	s.runStages()

	checkInsPath := "/v1/challenges/" + challengeID.String() + "/participants/" + userID.String() + "/check-ins"
	var checkIns checkInsResponse
	s.call(http.MethodGet, checkInsPath, nil, http.StatusOK, &checkIns)
	require.Len(t, checkIns.CheckIns, 1)
	require.Equal(t, first.Workout.ID, checkIns.CheckIns[0].WorkoutID)

	// Shortening the first workout hands the day to the second one.
	update := workoutBody(userID, challengeID, "2024-06-05T12:00:00Z", 30)
	delete(update, "user_id")
	var updated workout.Workout
	s.call(http.MethodPut, "/v1/workouts/"+first.Workout.ID.String(), update, http.StatusOK, &updated)
	require.Equal(t, 30, updated.DurationMinutes)
	s.runStages()
	s.call(http.MethodGet, checkInsPath, nil, http.StatusOK, &checkIns)
	require.Len(t, checkIns.CheckIns, 1)
	require.Equal(t, second.Workout.ID, checkIns.CheckIns[0].WorkoutID)

	// Deleting the second one leaves the day without a check-in.
	s.call(http.MethodDelete, "/v1/workouts/"+second.Workout.ID.String(), nil, http.StatusOK, nil)
	s.runStages()
	s.call(http.MethodGet, checkInsPath, nil, http.StatusOK, &checkIns)
	require.Empty(t, checkIns.CheckIns)
	s.call(http.MethodGet, "/v1/workouts/"+second.Workout.ID.String(), nil, http.StatusNotFound, nil)

	var d dashboard.Dashboard
	s.call(http.MethodGet, "/v1/users/"+userID.String()+"/dashboard", nil, http.StatusOK, &d)
	require.Equal(t, 1, d.TotalWorkouts)
	require.Equal(t, 0, d.TotalPoints)
}

func TestDroppedParticipantLeavesRanking(t *testing.T) {
	t.Parallel()
	s := setup(t)

	ana, bruno := uuid.New(), uuid.New()
	challengeID := s.createChallenge()
	s.join(challengeID, ana)
	s.join(challengeID, bruno)
	s.record(ana, challengeID, "2024-06-05T12:00:00Z", 50)
	s.record(bruno, challengeID, "2024-06-05T12:00:00Z", 60)
	s.runStages()

	rankingPath := "/v1/challenges/" + challengeID.String() + "/ranking"
	var board rankingResponse
	s.call(http.MethodGet, rankingPath, nil, http.StatusOK, &board)
	require.Len(t, board.Ranking, 2)

	dashboardPath := "/v1/users/" + bruno.String() + "/dashboard"
	var d dashboard.Dashboard
	s.call(http.MethodGet, dashboardPath, nil, http.StatusOK, &d)
	require.Equal(t, 10, d.TotalPoints)

	var participant ranking.Participant
	s.call(http.MethodDelete, "/v1/challenges/"+challengeID.String()+"/participants/"+bruno.String(), nil, http.StatusOK, &participant)
	require.Equal(t, ranking.StatusDropped, participant.Status)
	s.call(http.MethodGet, rankingPath, nil, http.StatusOK, &board)
	require.Len(t, board.Ranking, 1)
	require.Equal(t, ana, board.Ranking[0].UserID)

	// The dropped check-in no longer counts on the dashboard.
	s.call(http.MethodGet, dashboardPath, nil, http.StatusOK, &d)
	require.Equal(t, 0, d.TotalPoints)
	require.Equal(t, 0, d.TotalCheckIns)

	// Joining again restores the check-in of the workout already recorded.
	s.call(http.MethodPatch, "/v1/challenges/"+challengeID.String()+"/participants/"+bruno.String(),
		map[string]string{"status": "active"}, http.StatusOK, &participant)
	require.Equal(t, ranking.StatusActive, participant.Status)
	s.call(http.MethodGet, rankingPath, nil, http.StatusOK, &board)
	require.Len(t, board.Ranking, 2)
	require.Equal(t, 10, board.Ranking[1].Points)
	s.call(http.MethodGet, dashboardPath, nil, http.StatusOK, &d)
	require.Equal(t, 10, d.TotalPoints)
}
