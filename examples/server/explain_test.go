package main

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/stretchr/testify/require"
)

// explainBody is explainResponse as a client decodes it.
type explainBody struct {
	Explanation struct {
		WorkoutID   uuid.UUID `json:"workout_id"`
		Day         string    `json:"day"`
		OwnsCheckIn bool      `json:"owns_check_in"`
		Points      int       `json:"points"`
		Reason      string    `json:"reason"`
		OwnerID     uuid.UUID `json:"owner_id"`
	} `json:"explanation"`
	Status *struct {
		ProcessedForRanking bool `json:"processed_for_ranking"`
	} `json:"status"`
	Events []tracking.Event `json:"events"`
}

func TestExplainEndpoint(t *testing.T) {
	t.Parallel()
	s := setupOperations(t)
	ana := uuid.New()
	challengeID := s.createChallenge()
	s.join(challengeID, ana)
	first := s.record(ana, challengeID, "2024-06-10T10:00:00Z", 50)
	second := s.record(ana, challengeID, "2024-06-10T20:00:00Z", 60)
	short := s.record(ana, challengeID, "2024-06-11T10:00:00Z", 20)
	require.Equal(t, 6, s.runStages())

	var got explainBody
	s.call(http.MethodGet, "/v1/workouts/"+first.Workout.ID.String()+"/explain", nil, http.StatusOK, &got)
	require.True(t, got.Explanation.OwnsCheckIn)
	require.Equal(t, 10, got.Explanation.Points)
	require.Equal(t, "2024-06-10", got.Explanation.Day)
	require.Empty(t, got.Explanation.Reason)
	require.NotNil(t, got.Status)
	require.True(t, got.Status.ProcessedForRanking)
	actions := map[string]bool{}
	for _, e := range got.Events {
		require.Equal(t, first.Workout.ID, e.WorkoutID)
		actions[e.Action+"/"+e.Status] = true
	}
	require.True(t, actions["record/succeeded"], "events: %v", actions)
	require.True(t, actions["ranking/succeeded"], "events: %v", actions)
	rec := s.do(http.MethodGet, "/v1/workouts/"+first.Workout.ID.String()+"/explain", nil)
	require.NotContains(t, rec.Body.String(), "owner_id", "a check-in owner has no other owner")

	s.call(http.MethodGet, "/v1/workouts/"+second.Workout.ID.String()+"/explain", nil, http.StatusOK, &got)
	require.False(t, got.Explanation.OwnsCheckIn)
	require.Equal(t, ranking.ErrDayTaken.Error(), got.Explanation.Reason)
	require.Equal(t, first.Workout.ID, got.Explanation.OwnerID)

	got = explainBody{}
	s.call(http.MethodGet, "/v1/workouts/"+short.Workout.ID.String()+"/explain", nil, http.StatusOK, &got)
	require.Equal(t, ranking.ErrTooShort.Error(), got.Explanation.Reason)
	require.Equal(t, uuid.Nil, got.Explanation.OwnerID)
}

func TestExplainEndpointErrors(t *testing.T) {
	t.Parallel()
	s := setupOperations(t)

	rec := s.do(http.MethodGet, "/v1/workouts/"+uuid.NewString()+"/explain", nil)
	require.Equal(t, http.StatusNotFound, rec.Code)
	rec = s.do(http.MethodGet, "/v1/workouts/nope/explain", nil)
	require.Equal(t, http.StatusBadRequest, rec.Code)
}
