package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/stretchr/testify/require"
)

func TestCreateChallengeDefaults(t *testing.T) {
	t.Parallel()
	s := setup(t)

	challengeID := s.createChallenge()
	var ch ranking.Challenge
	s.call(http.MethodGet, "/v1/challenges/"+challengeID.String(), nil, http.StatusOK, &ch)
	require.Equal(t, "Desafio 21 dias", ch.Title)
	require.Equal(t, "America/Sao_Paulo", ch.TimeZone)
	require.Equal(t, 10, ch.PointsPerCheckIn)
	require.Equal(t, 45, ch.MinDurationMinutes)
	require.True(t, ch.Active)

	// The dates are read as local days in the challenge's zone.
	saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	require.True(t, ch.StartDate.Equal(time.Date(2024, 6, 1, 0, 0, 0, 0, saoPaulo)))
	require.True(t, ch.EndDate.Equal(time.Date(2024, 6, 21, 0, 0, 0, 0, saoPaulo)))
}

func TestCreateChallengeWithID(t *testing.T) {
	t.Parallel()
	s := setup(t)

	id := uuid.New()
	body := map[string]any{
		"id": id.String(), "title": "Pedal", "start_date": "2024-06-01T00:00:00-03:00",
		"end_date": "2024-06-07T23:59:00-03:00", "points_per_check_in": 5, "active": false,
	}
	var ch ranking.Challenge
	s.call(http.MethodPost, "/v1/challenges", body, http.StatusCreated, &ch)
	require.Equal(t, id, ch.ID)
	require.Equal(t, 5, ch.PointsPerCheckIn)
	require.False(t, ch.Active)

	rec := s.do(http.MethodPost, "/v1/challenges", body)
	require.Equal(t, http.StatusConflict, rec.Code)
}

func TestCreateChallengeValidation(t *testing.T) {
	t.Parallel()
	s := setup(t)

	tests := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{
			name:   "missing title and dates",
			body:   map[string]any{"description": "x"},
			fields: []string{"title", "start_date", "end_date"},
		},
		{
			name:   "end before start",
			body:   map[string]any{"title": "T", "start_date": "2024-06-10", "end_date": "2024-06-01"},
			fields: []string{"end_date"},
		},
		{
			name:   "unknown zone and negative points",
			body:   map[string]any{"title": "T", "start_date": "2024-06-01", "end_date": "2024-06-21", "time_zone": "Mars/Olympus", "points_per_check_in": -1},
			fields: []string{"time_zone", "points_per_check_in"},
		},
		{
			name:   "unparsable date and id",
			body:   map[string]any{"id": "7", "title": "", "start_date": "01/06/2024", "end_date": "2024-06-21"},
			fields: []string{"id", "start_date", "title"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := s.do(http.MethodPost, "/v1/challenges", tt.body)
			require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
			require.ElementsMatch(t, tt.fields, fieldNames(errorResponse(t, rec)))
		})
	}
}

func TestChallengeNotFound(t *testing.T) {
	t.Parallel()
	s := setup(t)

	challenge := "/v1/challenges/" + uuid.NewString()
	member := challenge + "/participants/" + uuid.NewString()
	for _, request := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, challenge, nil},
		{http.MethodGet, challenge + "/ranking", nil},
		{http.MethodPost, challenge + "/participants", map[string]string{"user_id": uuid.NewString()}},
		{http.MethodDelete, member, nil},
		{http.MethodPatch, member, map[string]string{"status": "dropped"}},
		{http.MethodGet, member + "/check-ins", nil},
		{http.MethodGet, member + "/progress", nil},
	} {
		rec := s.do(request.method, request.path, request.body)
		require.Equal(t, http.StatusNotFound, rec.Code, "%s %s: %s", request.method, request.path, rec.Body.String())
	}
}

func TestParticipantNotFound(t *testing.T) {
	t.Parallel()
	s := setup(t)

	member := "/v1/challenges/" + s.createChallenge().String() + "/participants/" + uuid.NewString()
	rec := s.do(http.MethodDelete, member, nil)
	require.Equal(t, http.StatusNotFound, rec.Code)

	rec = s.do(http.MethodGet, member+"/progress", nil)
	require.Equal(t, http.StatusNotFound, rec.Code)

	var checkIns checkInsResponse
	s.call(http.MethodGet, member+"/check-ins", nil, http.StatusOK, &checkIns)
	require.NotNil(t, checkIns.CheckIns)
	require.Empty(t, checkIns.CheckIns)
}

func TestParticipantRequestValidation(t *testing.T) {
	t.Parallel()
	s := setup(t)

	challengeID := s.createChallenge()
	userID := uuid.New()
	s.join(challengeID, userID)

	rec := s.do(http.MethodPost, "/v1/challenges/"+challengeID.String()+"/participants", map[string]string{})
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Equal(t, []string{"user_id"}, fieldNames(errorResponse(t, rec)))

	rec = s.do(http.MethodPost, "/v1/challenges/"+challengeID.String()+"/participants", map[string]string{"user_id": "ana"})
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Equal(t, []string{"user_id"}, fieldNames(errorResponse(t, rec)))

	rec = s.do(http.MethodPatch, "/v1/challenges/"+challengeID.String()+"/participants/"+userID.String(), map[string]string{"status": "paused"})
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Equal(t, []string{"status"}, fieldNames(errorResponse(t, rec)))

	var board rankingResponse
	s.call(http.MethodGet, "/v1/challenges/"+challengeID.String()+"/ranking", nil, http.StatusOK, &board)
	require.Len(t, board.Ranking, 1)
	require.Equal(t, 1, board.Ranking[0].Position)
}

func TestEmptyRankingIsArray(t *testing.T) {
	t.Parallel()
	s := setup(t)

	rec := s.do(http.MethodGet, "/v1/challenges/"+s.createChallenge().String()+"/ranking", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), `"ranking":[]`)
}
