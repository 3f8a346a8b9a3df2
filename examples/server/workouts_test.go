package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// requireNothingQueued fails when any job was queued.
func requireNothingQueued(t *testing.T, s *testServer) {
	t.Helper()

	stats, err := s.app.flow.Pipeline.QueueStats(context.Background())
	require.NoError(t, err)
	require.Empty(t, stats)
}

func TestRecordValidationNamesFields(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := map[string]any{
		"user_id": uuid.NewString(), "workout_name": "  ", "workout_type": "Run",
		"date": "2024-06-10T12:00:00Z", "duration_minutes": 0,
	}
	rec := s.do(http.MethodPost, "/v1/workouts", body)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.ElementsMatch(t, []string{"workout_name", "duration_minutes"}, fieldNames(errorResponse(t, rec)))
	requireNothingQueued(t, s)
}

func TestRecordUnparsableFieldsListed(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := map[string]any{
		"user_id": "not-a-uuid", "workout_name": "Corrida", "workout_type": "",
		"date": "yesterday", "duration_minutes": 1441, "challenge_id": "42",
	}
	rec := s.do(http.MethodPost, "/v1/workouts", body)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.ElementsMatch(t,
		[]string{"user_id", "date", "challenge_id", "workout_type", "duration_minutes"},
		fieldNames(errorResponse(t, rec)))
	requireNothingQueued(t, s)
}

func TestRecordFutureDateRejected(t *testing.T) {
	t.Parallel()
	s := setup(t)

	rec := s.do(http.MethodPost, "/v1/workouts", workoutBody(uuid.New(), uuid.Nil, "2024-06-20T16:30:00Z", 30))
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Equal(t, []string{"date"}, fieldNames(errorResponse(t, rec)))
}

func TestRecordBadJSON(t *testing.T) {
	t.Parallel()
	s := setup(t)

	tests := map[string]string{
		"unknown field":  `{"user_id":"` + uuid.NewString() + `","workout_name":"Corrida","calories":300}`,
		"malformed":      `{"user_id":`,
		"wrong type":     `{"duration_minutes":"45"}`,
		"trailing data":  `{"workout_name":"Corrida"} {}`,
		"empty body":     ``,
		"array not body": `[]`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			rec := s.do(http.MethodPost, "/v1/workouts", body)
			require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
			require.Contains(t, errorResponse(t, rec).Error, "invalid JSON")
		})
	}
	requireNothingQueued(t, s)
}

func TestRecordBodyTooLarge(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := workoutBody(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	body["notes"] = strings.Repeat("a", maxBodyBytes)
	rec := s.do(http.MethodPost, "/v1/workouts", body)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	require.Contains(t, errorResponse(t, rec).Error, "larger than 1048576 bytes")
	requireNothingQueued(t, s)
}

func TestRecordIdempotencyKeyHeader(t *testing.T) {
	t.Parallel()
	s := setup(t)

	userID := uuid.New()
	body := workoutBody(userID, uuid.Nil, "2024-06-10T12:00:00Z", 30)
	first := s.do(http.MethodPost, "/v1/workouts", body, "Idempotency-Key", "phone-123")
	require.Equal(t, http.StatusCreated, first.Code)

	// Another date with the same key is still the first workout.
	body["date"] = "2024-06-11T12:00:00Z"
	second := s.do(http.MethodPost, "/v1/workouts", body, "Idempotency-Key", "phone-123")
	require.Equal(t, http.StatusOK, second.Code)

	var created, replayed recordResponse
	require.NoError(t, json.Unmarshal(first.Body.Bytes(), &created))
	require.NoError(t, json.Unmarshal(second.Body.Bytes(), &replayed))
	require.False(t, created.Replayed)
	require.True(t, replayed.Replayed)
	require.Equal(t, created.Workout.ID, replayed.Workout.ID)
	require.Equal(t, "phone-123", replayed.Workout.IdempotencyKey)
	require.Equal(t, "/v1/workouts/"+created.Workout.ID.String(), second.Header().Get("Location"))
}

func TestRecordIdempotencyKeyConflict(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := workoutBody(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	body["idempotency_key"] = "body-key"
	rec := s.do(http.MethodPost, "/v1/workouts", body, "Idempotency-Key", "header-key")
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Equal(t, []string{"idempotency_key"}, fieldNames(errorResponse(t, rec)))
}

func TestRecordIdenticalReplay(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := workoutBody(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	var created, replayed recordResponse
	s.call(http.MethodPost, "/v1/workouts", body, http.StatusCreated, &created)
	s.call(http.MethodPost, "/v1/workouts", body, http.StatusOK, &replayed)
	require.True(t, replayed.Replayed)
	require.Equal(t, created.Workout.ID, replayed.Workout.ID)
	require.Equal(t, 2, s.runStages())
}

func TestRecordNonUUIDClientID(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := workoutBody(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	body["workout_id"] = "local-17"
	var created recordResponse
	s.call(http.MethodPost, "/v1/workouts", body, http.StatusCreated, &created)

	var stored workout.Workout
	s.call(http.MethodGet, "/v1/workouts/"+created.Workout.ID.String(), nil, http.StatusOK, &stored)
	require.Equal(t, "local-17", stored.ClientWorkoutID)
	require.Equal(t, "Corrida", stored.Name)
}

func TestRecordTracksClientInfo(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := workoutBody(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	rec := s.do(http.MethodPost, "/v1/workouts", body, "X-App-Version", "2.4.1", "X-Platform", "android", "X-Request-ID", "req-9")
	require.Equal(t, http.StatusCreated, rec.Code)

	events := s.app.opened.tracker.(*tracking.Memory).Events()
	require.Len(t, events, 1)
	var info map[string]string
	require.NoError(t, json.Unmarshal(events[0].ClientInfo, &info))
	require.Equal(t, map[string]string{"app_version": "2.4.1", "platform": "android", "request_id": "req-9"}, info)
}

func TestUpdateWorkoutErrors(t *testing.T) {
	t.Parallel()
	s := setup(t)

	userID := uuid.New()
	created := s.record(userID, uuid.Nil, "2024-06-10T12:00:00Z", 30)
	path := "/v1/workouts/" + created.Workout.ID.String()
	update := workoutBody(userID, uuid.Nil, "2024-06-10T12:00:00Z", 40)
	delete(update, "user_id")

	rec := s.do(http.MethodPut, "/v1/workouts/"+uuid.NewString(), update)
	require.Equal(t, http.StatusNotFound, rec.Code)

	update["duration_minutes"] = 2000
	rec = s.do(http.MethodPut, path, update)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.Equal(t, []string{"duration_minutes"}, fieldNames(errorResponse(t, rec)))

	// The owner is not an editable field.
	update["duration_minutes"] = 40
	update["user_id"] = uuid.NewString()
	rec = s.do(http.MethodPut, path, update)
	require.Equal(t, http.StatusBadRequest, rec.Code)

	var stored workout.Workout
	s.call(http.MethodGet, path, nil, http.StatusOK, &stored)
	require.Equal(t, 30, stored.DurationMinutes)
	require.Equal(t, userID, stored.UserID)
}

func TestWorkoutNotFound(t *testing.T) {
	t.Parallel()
	s := setup(t)

	unknown := "/v1/workouts/" + uuid.NewString()
	for _, request := range []struct{ method, path string }{
		{http.MethodGet, unknown},
		{http.MethodDelete, unknown},
		{http.MethodGet, unknown + "/status"},
		{http.MethodPost, unknown + "/retry"},
	} {
		rec := s.do(request.method, request.path, nil)
		require.Equal(t, http.StatusNotFound, rec.Code, "%s %s", request.method, request.path)
		require.Contains(t, errorResponse(t, rec).Error, "not found")
	}
}

func TestWorkoutInvalidPathID(t *testing.T) {
	t.Parallel()
	s := setup(t)

	rec := s.do(http.MethodGet, "/v1/workouts/17", nil)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	require.Contains(t, errorResponse(t, rec).Error, `"17" is not a UUID`)
}

func TestRetryWorkout(t *testing.T) {
	t.Parallel()
	s := setup(t)

	created := s.record(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	path := "/v1/workouts/" + created.Workout.ID.String() + "/retry"

	// Pending jobs are sent back too. Once they are done, nothing is left to retry.
	var body map[string]any
	s.call(http.MethodPost, path, nil, http.StatusOK, &body)
	require.EqualValues(t, 2, body["requeued"])
	s.runStages()
	s.call(http.MethodPost, path, nil, http.StatusOK, &body)
	require.EqualValues(t, 0, body["requeued"])
	require.Equal(t, created.Workout.ID.String(), body["workout_id"])
}
