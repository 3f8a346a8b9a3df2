package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/workout"
)

const legacyTestSecret = "legacy-test-secret"

// legacyServer is a real HTTP server with the legacy endpoints mounted
// beside the JSON API of a test server's app.
type legacyServer struct {
	*testServer
	url    string
	client *http.Client
}

func setupLegacy(t *testing.T, cfg legacyConfig) *legacyServer {
	t.Helper()
	s := setup(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := workout.ClockFunc(func() time.Time { return testNow })

	mux := newMux(s.app.deps)
	require.NoError(t, mountLegacy(mux, cfg, s.app, clock, logger))
	server := httptest.NewServer(newHandler(mux, logger))
	t.Cleanup(server.Close)
	return &legacyServer{testServer: s, url: server.URL, client: server.Client()}
}

// userToken signs an HS256 token of a signed-in user, as the app sends it.
func userToken(t *testing.T, userID uuid.UUID) string {
	t.Helper()
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": userID.String(), "role": compat.RoleAuthenticated, "exp": testNow.Add(time.Hour).Unix(),
	})
	signed, err := token.SignedString([]byte(legacyTestSecret))
	require.NoError(t, err)
	return signed
}

// send makes a request with the token, when not empty, and returns the
// status and the body.
func (s *legacyServer) send(method, path, token string, body any) (int, []byte) {
	s.t.Helper()
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		require.NoError(s.t, err)
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.url+path, reader)
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("apikey", token)
		req.Header.Set("Authorization", "Bearer "+token)
	}

	resp, err := s.client.Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	read, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	return resp.StatusCode, read
}

// rpc calls a legacy function, requires status 200 and decodes the reply.
func (s *legacyServer) rpc(function, token string, args map[string]any) map[string]any {
	s.t.Helper()
	status, body := s.send(http.MethodPost, "/rest/v1/rpc/"+function, token, args)
	require.Equal(s.t, http.StatusOK, status, string(body))
	var reply map[string]any
	require.NoError(s.t, json.Unmarshal(body, &reply))
	return reply
}

// queueLabel polls the queue row of the workout as the app does and
// returns the label the app shows for it.
func (s *legacyServer) queueLabel(token, workoutID string) string {
	s.t.Helper()
	status, body := s.send(http.MethodGet, "/rest/v1/workout_processing_queue?workout_id=eq."+workoutID, token, nil)
	require.Equal(s.t, http.StatusOK, status, string(body))
	var rows []compat.QueueRow
	require.NoError(s.t, json.Unmarshal(body, &rows))
	require.Len(s.t, rows, 1)
	return rows[0].Label()
}

func basicArgs(userID uuid.UUID) map[string]any {
	return map[string]any{
		"p_user_id": userID.String(), "p_workout_name": "Corrida no parque", "p_workout_type": "Cardio",
		"p_duration_minutes": 50, "p_date": "2024-06-20T14:00:00.000Z",
		"p_challenge_id": nil, "p_workout_id": "app-1", "p_notes": "", "p_workout_record_id": nil,
	}
}

func TestLegacyAppSession(t *testing.T) {
	t.Parallel()
	s := setupLegacy(t, legacyConfig{JWTSecret: legacyTestSecret})
	member := uuid.New()
	challengeID := s.createChallenge()
	s.join(challengeID, member)
	token := userToken(t, member)

	recorded := s.rpc(compat.FunctionRecordWorkoutBasic, token, basicArgs(member))
	require.Equal(t, true, recorded["success"], recorded["message"])
	workoutID, ok := recorded["workout_id"].(string)
	require.True(t, ok)

	// The app sends 11:00 in Sao Paulo labelled as UTC.
	checkIn := s.rpc(compat.FunctionRecordChallengeCheckInV2, token, map[string]any{
		"_challenge_id": challengeID.String(), "_date": "2024-06-20T11:00:00.000Z", "_duration_minutes": 50,
		"_user_id": member.String(), "_workout_id": workoutID, "_workout_name": "Corrida no parque", "_workout_type": "Cardio",
	})
	require.Equal(t, true, checkIn["success"])
	require.Equal(t, 10.0, checkIn["points_earned"])
	require.Equal(t, compat.MessageCheckInRecorded, checkIn["message"])
	require.Equal(t, workoutID, checkIn["workout_id"])

	workouts, err := s.app.opened.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Len(t, workouts, 1, "the check-in reuses the recorded workout")
	require.Equal(t, challengeID, workouts[0].ChallengeID)

	// Poll as the app does, running the due stages between polls.
	label := s.queueLabel(token, workoutID)
	require.Equal(t, compat.LabelPending, label, "no stage ran yet")
	for polls := 0; label != compat.LabelProcessed && polls < 3; polls++ {
		s.runStages()
		label = s.queueLabel(token, workoutID)
	}
	require.Equal(t, compat.LabelProcessed, label)
}

func TestLegacyRejectsUserActingForAnother(t *testing.T) {
	t.Parallel()
	s := setupLegacy(t, legacyConfig{JWTSecret: legacyTestSecret})
	member, other := uuid.New(), uuid.New()

	status, body := s.send(http.MethodPost, "/rest/v1/rpc/"+compat.FunctionRecordWorkoutBasic, userToken(t, other), basicArgs(member))
	require.Equal(t, http.StatusForbidden, status, string(body))

	workouts, err := s.app.opened.store.UserWorkouts(context.Background(), member)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

func TestLegacyRejectsMissingToken(t *testing.T) {
	t.Parallel()
	s := setupLegacy(t, legacyConfig{JWTSecret: legacyTestSecret})

	status, body := s.send(http.MethodPost, "/rest/v1/rpc/"+compat.FunctionRecordWorkoutBasic, "", basicArgs(uuid.New()))
	require.Equal(t, http.StatusUnauthorized, status, string(body))
}

func TestLegacyDevNoAuthActsAsServiceRole(t *testing.T) {
	t.Parallel()
	s := setupLegacy(t, legacyConfig{DevNoAuth: true})

	reply := s.rpc(compat.FunctionRecordWorkoutBasic, "", basicArgs(uuid.New()))
	require.Equal(t, true, reply["success"], reply["message"])
}

func TestLegacyOffWithoutSecret(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	s := setup(t)

	mux := newMux(s.app.deps)
	require.NoError(t, mountLegacy(mux, legacyConfig{}, s.app, workout.SystemClock{}, logger))
	server := httptest.NewServer(newHandler(mux, logger))
	defer server.Close()

	resp, err := server.Client().Post(server.URL+"/rest/v1/rpc/"+compat.FunctionRecordWorkoutBasic, "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	require.Contains(t, logs.String(), "legacy endpoints")
	require.Contains(t, logs.String(), "-jwt-secret")
}

func TestLegacyOnLogsMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  legacyConfig
		want string
	}{
		{name: "jwt secret", cfg: legacyConfig{JWTSecret: legacyTestSecret}, want: "jwt_auth=true dev_no_auth=false"},
		{name: "no auth", cfg: legacyConfig{DevNoAuth: true}, want: "jwt_auth=false dev_no_auth=true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, nil))
			s := setup(t)

			require.NoError(t, mountLegacy(newMux(s.app.deps), tt.cfg, s.app, workout.SystemClock{}, logger))
			require.Contains(t, logs.String(), "legacy endpoints /rest/v1/* are on")
			require.Contains(t, logs.String(), tt.want)
			require.NotContains(t, logs.String(), legacyTestSecret, "the secret is never logged")
		})
	}
}

func TestParseLegacyFlags(t *testing.T) {
	t.Setenv(jwtSecretEnv, "from-env")

	cfg, _, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	require.Equal(t, legacyConfig{JWTSecret: "from-env"}, cfg.Legacy)

	cfg, _, err = parseFlags([]string{"-jwt-secret", "from-flag", "-dev-no-auth"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, legacyConfig{JWTSecret: "from-flag", DevNoAuth: true}, cfg.Legacy)

	var help strings.Builder
	_, _, err = parseFlags([]string{"-help"}, &help)
	require.ErrorIs(t, err, flag.ErrHelp)
	require.Contains(t, help.String(), "-jwt-secret")
	require.NotContains(t, help.String(), "from-env")
}
