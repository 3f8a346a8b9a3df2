package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestWriteErrorStatus(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		err     error
		status  int
		message string
		logged  bool
	}{
		{"bad request", badRequest("invalid x"), http.StatusBadRequest, "invalid x", false},
		{"validation", fmt.Errorf("wrapped: %w", &workout.ValidationError{Fields: []workout.FieldError{{Field: "date", Message: "is required"}}}), http.StatusUnprocessableEntity, "wrapped: invalid workout: date: is required", false},
		{"not found", fmt.Errorf("workout 1: %w", storage.ErrNotFound), http.StatusNotFound, "workout 1: not found", false},
		{"conflict", fmt.Errorf("challenge 1: %w", storage.ErrConflict), http.StatusConflict, "challenge 1: conflict", false},
		{"stopped", fmt.Errorf("record: %w", workout.ErrStopped), http.StatusServiceUnavailable, "server is shutting down, retry later", false},
		{"too large", &http.MaxBytesError{Limit: 10}, http.StatusRequestEntityTooLarge, "request body is larger than 10 bytes", false},
		{"internal", errors.New("connection reset by database"), http.StatusInternalServerError, "internal error", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, nil))
			req := httptest.NewRequest(http.MethodGet, "/v1/x", nil)
			rec := httptest.NewRecorder()
			writeError(rec, req, logger, tt.err)

			require.Equal(t, tt.status, rec.Code)
			require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			var body errorBody
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
			require.Equal(t, tt.message, body.Error)
			if tt.logged {
				require.Contains(t, logs.String(), "connection reset by database")
			} else {
				require.Empty(t, logs.String())
			}
		})
	}
}

func TestWriteErrorListsFields(t *testing.T) {
	t.Parallel()

	verr := &workout.ValidationError{Fields: []workout.FieldError{
		{Field: "workout_name", Message: "is required"},
		{Field: "duration_minutes", Message: "must be between 1 and 1440 minutes, got 0"},
	}}
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest(http.MethodPost, "/v1/workouts", nil), slog.Default(), verr)

	var body errorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	require.Equal(t, verr.Fields, body.Fields)
}
