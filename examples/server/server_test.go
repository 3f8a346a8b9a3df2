package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// testNow is the fixed time of every test: 12:00 in Sao Paulo on 20 June
// 2024, inside the test challenge's window.
var testNow = time.Date(2024, 6, 20, 15, 0, 0, 0, time.UTC)

// testServer is the handler under test with the app behind it.
type testServer struct {
	t   *testing.T
	app *app
	// store is the in-memory store of setup, nil for other stores.
	store   *memstore.Store
	handler http.Handler
}

// setup returns a server on a new in-memory store whose clock is fixed
// at testNow. No worker runs: tests run the stages with runStages.
func setup(t *testing.T) *testServer {
	t.Helper()

	store := memstore.New()
	s := setupWith(t, openMemory(store))
	s.store = store
	return s
}

// setupWithPostgreSQL returns a server like setup on a new migrated
// PostgreSQL database. It skips the test when PostgreSQL is not installed.
func setupWithPostgreSQL(t *testing.T) *testServer {
	t.Helper()

	store, err := pgstore.New(t.Context(), pgstore.Config{DSN: pgtest.NewDatabase(t), Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(store.Close)
	require.NoError(t, store.Migrate(t.Context()))

	// An in-memory tracker makes the statistics synchronous for the tests.
	tracker := tracking.NewMemory(0)
	nothing := func(context.Context) error { return nil }
	return setupWith(t, &openedStore{
		store: store, tracker: tracker, stats: memoryStats{tracker: tracker, queue: store},
		startTracker: nothing, stopTracker: nothing, close: func() {},
	})
}

// setupWith returns a server on the opened store whose clock is fixed at
// testNow.
func setupWith(t *testing.T, opened *openedStore) *testServer {
	t.Helper()

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := workout.ClockFunc(func() time.Time { return testNow })
	a, err := newApp(opened, 1, clock, logger)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, a.stop(ctx))
	})

	return &testServer{t: t, app: a, handler: newServer(a.deps)}
}

// do sends a request with a JSON body (a string is sent as is, nil sends
// none) and returns the response.
func (s *testServer) do(method, path string, body any, header ...string) *httptest.ResponseRecorder {
	s.t.Helper()

	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		encoded, err := json.Marshal(b)
		require.NoError(s.t, err)
		reader = bytes.NewReader(encoded)
	}

	req := httptest.NewRequest(method, path, reader)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	return rec
}

// call sends a request, requires the status and decodes the response into
// out unless out is nil.
func (s *testServer) call(method, path string, body any, status int, out any) {
	s.t.Helper()

	rec := s.do(method, path, body)
	require.Equal(s.t, status, rec.Code, "%s %s returned %s", method, path, rec.Body.String())
	if out != nil {
		require.NoError(s.t, json.Unmarshal(rec.Body.Bytes(), out))
	}
}

// runStages runs every due job and returns how many ran.
func (s *testServer) runStages() int {
	s.t.Helper()

	n, err := s.app.flow.Pipeline.RunPending(context.Background())
	require.NoError(s.t, err)
	return n
}

// createChallenge creates the test challenge, 1 to 21 June 2024 in Sao
// Paulo with the default rules, and returns its id.
func (s *testServer) createChallenge() uuid.UUID {
	s.t.Helper()

	var created struct {
		ID uuid.UUID `json:"id"`
	}
	s.call(http.MethodPost, "/v1/challenges", map[string]any{
		"title": "Desafio 21 dias", "start_date": "2024-06-01", "end_date": "2024-06-21",
	}, http.StatusCreated, &created)
	return created.ID
}

// join makes the user a participant of the challenge.
func (s *testServer) join(challengeID, userID uuid.UUID) {
	s.t.Helper()
	s.call(http.MethodPost, "/v1/challenges/"+challengeID.String()+"/participants",
		map[string]string{"user_id": userID.String()}, http.StatusOK, nil)
}

// record records a workout and returns the response body.
func (s *testServer) record(userID, challengeID uuid.UUID, date string, minutes int) recordResponse {
	s.t.Helper()

	var out recordResponse
	s.call(http.MethodPost, "/v1/workouts", workoutBody(userID, challengeID, date, minutes), http.StatusCreated, &out)
	return out
}

// workoutBody returns a valid record request.
func workoutBody(userID, challengeID uuid.UUID, date string, minutes int) map[string]any {
	body := map[string]any{
		"user_id": userID.String(), "workout_name": "Corrida", "workout_type": "Run",
		"date": date, "duration_minutes": minutes,
	}
	if challengeID != uuid.Nil {
		body["challenge_id"] = challengeID.String()
	}
	return body
}

// errorResponse decodes an error document.
func errorResponse(t *testing.T, rec *httptest.ResponseRecorder) errorBody {
	t.Helper()

	var body errorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	require.NotEmpty(t, body.Error)
	return body
}

// fieldNames returns the names of the invalid fields of an error document.
func fieldNames(body errorBody) []string {
	names := make([]string, len(body.Fields))
	for i, f := range body.Fields {
		names[i] = f.Field
	}
	return names
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	s := setup(t)

	var body map[string]string
	s.call(http.MethodGet, "/healthz", nil, http.StatusOK, &body)
	require.Equal(t, "ok", body["status"])
}

func TestExtraRouteOnMux(t *testing.T) {
	t.Parallel()
	s := setup(t)

	mux := newMux(s.app.deps)
	mux.HandleFunc("GET /extra", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"route": "extra"})
	})
	mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	s.handler = newHandler(mux, s.app.deps.Logger)

	var body map[string]string
	s.call(http.MethodGet, "/extra", nil, http.StatusOK, &body)
	require.Equal(t, "extra", body["route"])

	rec := s.do(http.MethodGet, "/panic", nil)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Equal(t, "internal error", errorResponse(t, rec).Error)

	rec = s.do(http.MethodGet, "/v1/stats", nil)
	require.Equal(t, http.StatusOK, rec.Code)
}

func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	s := setup(t)

	rec := s.do(http.MethodGet, "/v1/nothing", nil)
	require.Equal(t, http.StatusNotFound, rec.Code)

	rec = s.do(http.MethodPatch, "/v1/workouts", nil)
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}
