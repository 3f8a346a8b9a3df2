package compathttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compathttp"
	"github.com/rayclub/workoutflow/compat/compattest"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

var secret = []byte("super-secret-jwt-token-with-at-least-32-characters")

// noon is 12:00 in Sao Paulo on 2 June 2026, the tests' time.
var noon = time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC)

// fixedClock is a workout.Clock that moves only when the test moves it.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

type bundle struct {
	store    *memstore.Store
	tracker  *tracking.Memory
	clock    *fixedClock
	pipeline *workout.Pipeline
	server   *httptest.Server
	caller   compattest.HTTPCaller
}

// setup serves a compat.Service on the in-memory adapter with the real
// stages over HTTP. mutate may change the handler's Config.
func setup(t *testing.T, mutate func(*compathttp.Config)) *bundle {
	t.Helper()
	b := &bundle{store: memstore.New(), tracker: tracking.NewMemory(0), clock: &fixedClock{now: noon}}

	rankingStage, err := ranking.NewStage(ranking.StageConfig{Store: b.store, Clock: b.clock})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, rankingStage.Stop(context.Background())) })
	dashboardStage, err := dashboard.NewStage(dashboard.StageConfig{Store: b.store, Clock: b.clock})
	require.NoError(t, err)

	b.pipeline, err = workout.New(workout.Config{Store: b.store, Clock: b.clock, Tracker: b.tracker, Stages: []workout.StageConfig{
		{Name: workout.StageRanking, Stage: rankingStage},
		{Name: workout.StageDashboard, Stage: dashboardStage},
	}})
	require.NoError(t, err)
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Clock: b.clock})
	require.NoError(t, err)

	cfg := compathttp.Config{Service: service, JWTSecret: secret, Clock: b.clock}
	if mutate != nil {
		mutate(&cfg)
	}
	handler, err := compathttp.NewHandler(cfg)
	require.NoError(t, err)
	b.server = httptest.NewServer(handler)
	t.Cleanup(b.server.Close)

	b.caller = compattest.HTTPCaller{BaseURL: b.server.URL, Secret: secret, Client: b.server.Client(), Now: b.clock.Now}
	return b
}

func TestSharedCasesOverHTTP(t *testing.T) {
	t.Parallel()
	compattest.Run(t, func(t *testing.T) compattest.Env {
		b := setup(t, nil)
		return compattest.Env{Caller: b.caller, Fixtures: b.store, Workouts: b.store.UserWorkouts, Now: noon}
	})
}

// post sends body to the function with the headers and returns the status
// and the decoded reply.
func (b *bundle) post(t *testing.T, function, body string, headers map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.server.URL+"/rest/v1/rpc/"+function, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for key, value := range headers {
		req.Header.Set(key, value)
	}
	return do(t, b.server.Client(), req)
}

func do(t *testing.T, client *http.Client, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))

	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var object map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		require.NoError(t, json.Unmarshal(raw, &object), string(raw))
	}
	return resp.StatusCode, object
}

// sign returns an HS256 token with the claims, signed with key.
func sign(t *testing.T, key []byte, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	require.NoError(t, err)
	return token
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func TestAuthenticationFailures(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	user := uuid.NewString()
	valid := jwt.MapClaims{"sub": user, "role": "authenticated", "exp": noon.Add(time.Hour).Unix()}
	hs512, err := jwt.NewWithClaims(jwt.SigningMethodHS512, valid).SignedString(secret)
	require.NoError(t, err)
	unsigned, err := jwt.NewWithClaims(jwt.SigningMethodNone, valid).SignedString(jwt.UnsafeAllowNoneSignatureType)
	require.NoError(t, err)

	tests := []struct {
		name    string
		headers map[string]string
		code    string
	}{
		{"no token", nil, compathttp.CodeMissingToken},
		{"not bearer", map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}, compathttp.CodeMissingToken},
		{"wrong key", bearer(sign(t, []byte("another-secret-of-enough-length-000000"), valid)), compathttp.CodeInvalidToken},
		{"expired", bearer(sign(t, secret, jwt.MapClaims{"sub": user, "role": "authenticated", "exp": noon.Add(-time.Hour).Unix()})), compathttp.CodeInvalidToken},
		{"anon role", bearer(sign(t, secret, jwt.MapClaims{"role": "anon", "exp": noon.Add(time.Hour).Unix()})), compathttp.CodeInvalidToken},
		{"sub not a UUID", bearer(sign(t, secret, jwt.MapClaims{"sub": "maria", "role": "authenticated"})), compathttp.CodeInvalidToken},
		{"HS512", bearer(hs512), compathttp.CodeInvalidToken},
		{"unsigned", bearer(unsigned), compathttp.CodeInvalidToken},
		{"garbage", bearer("not.a.token"), compathttp.CodeInvalidToken},
	}
	for _, tt := range tests {
		status, body := b.post(t, compat.FunctionDiagnoseAndRecover, `{}`, tt.headers)
		require.Equal(t, http.StatusUnauthorized, status, tt.name)
		require.Equal(t, tt.code, body["code"], tt.name)
		require.Contains(t, body, "hint", tt.name)
	}
}

func TestAPIKeyHeaderAccepted(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	serviceKey := sign(t, secret, jwt.MapClaims{"role": "service_role", "exp": noon.Add(time.Hour).Unix()})

	status, body := b.post(t, compat.FunctionDiagnoseAndRecover, `{"days_back": 2}`, map[string]string{"apikey": serviceKey})
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "2 days", body["period"])
}

func TestAuthorizationHeaderWinsOverAPIKey(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	serviceKey := sign(t, secret, jwt.MapClaims{"role": "service_role"})
	userToken := sign(t, secret, jwt.MapClaims{"sub": uuid.NewString(), "role": "authenticated"})

	headers := map[string]string{"apikey": serviceKey, "Authorization": "Bearer " + userToken}
	status, body := b.post(t, compat.FunctionDiagnoseAndRecover, `{}`, headers)
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, compathttp.CodePermissionDenied, body["code"])
}

func TestBadBodies(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *compathttp.Config) { cfg.MaxBodyBytes = 512 })
	headers := bearer(sign(t, secret, jwt.MapClaims{"role": "service_role"}))

	tests := []struct {
		name string
		body string
		code string
	}{
		{"not JSON", `{"days_back": `, compathttp.CodeInvalidBody},
		{"array", `[7]`, compathttp.CodeInvalidBody},
		{"null", `null`, compathttp.CodeInvalidBody},
		{"too large", `{"days_back": 7, "x": "` + strings.Repeat("a", 600) + `"}`, compathttp.CodeInvalidBody},
		{"wrong type", `{"days_back": "sete"}`, compathttp.CodeInvalidArgument},
	}
	for _, tt := range tests {
		status, body := b.post(t, compat.FunctionDiagnoseAndRecover, tt.body, headers)
		require.Equal(t, http.StatusBadRequest, status, tt.name)
		require.Equal(t, tt.code, body["code"], tt.name)
	}

	status, body := b.post(t, compat.FunctionDiagnoseAndRecover, ``, headers)
	require.Equal(t, http.StatusOK, status, "an empty body names no argument")
	require.Equal(t, "7 days", body["period"])
}

func TestUnknownFunctionDocument(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	headers := bearer(sign(t, secret, jwt.MapClaims{"role": "service_role"}))

	status, body := b.post(t, compat.FunctionRetryWorkoutProcessing, `{"workout_id": "x"}`, headers)
	require.Equal(t, http.StatusNotFound, status)
	require.Equal(t, compathttp.CodeFunctionNotFound, body["code"])
	require.Contains(t, body["message"], "retry_workout_processing(workout_id)")
	require.Contains(t, body["hint"], "retry_workout_processing(_workout_id)")

	status, body = b.post(t, "drop_table", `{}`, headers)
	require.Equal(t, http.StatusNotFound, status)
	require.Nil(t, body["hint"])
}

func TestRPCRejectsGet(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)

	resp, err := b.server.Client().Get(b.server.URL + "/rest/v1/rpc/record_workout_basic")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestNewHandlerConfig(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store})
	require.NoError(t, err)

	_, err = compathttp.NewHandler(compathttp.Config{})
	require.ErrorContains(t, err, "Service")
	_, err = compathttp.NewHandler(compathttp.Config{Service: service})
	require.ErrorContains(t, err, "JWTSecret")
	_, err = compathttp.NewHandler(compathttp.Config{Service: service, JWTSecret: secret, MaxBodyBytes: -1})
	require.ErrorContains(t, err, "MaxBodyBytes")
	_, err = compathttp.NewHandler(compathttp.Config{Service: service, AllowUnauthenticated: true})
	require.NoError(t, err)
}

func TestDevelopmentModeWithoutSecret(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *compathttp.Config) {
		cfg.JWTSecret = nil
		cfg.AllowUnauthenticated = true
	})
	user := uuid.New()

	body := basicBody(user, "dev-1")
	status, reply := b.post(t, compat.FunctionRecordWorkoutBasic, body, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, reply["success"], reply["message"])
}

func TestDevelopmentModeWithSecret(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *compathttp.Config) { cfg.AllowUnauthenticated = true })
	user := uuid.New()

	status, reply := b.post(t, compat.FunctionRecordWorkoutBasic, basicBody(user, "dev-1"), nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, reply["success"])

	status, _ = b.post(t, compat.FunctionRecordWorkoutBasic, basicBody(user, "dev-2"), bearer("forged"))
	require.Equal(t, http.StatusUnauthorized, status, "a token sent is still verified")

	other := sign(t, secret, jwt.MapClaims{"sub": uuid.NewString(), "role": "authenticated"})
	status, _ = b.post(t, compat.FunctionRecordWorkoutBasic, basicBody(user, "dev-3"), bearer(other))
	require.Equal(t, http.StatusForbidden, status)
}

func basicBody(user uuid.UUID, clientID string) string {
	body, _ := json.Marshal(map[string]any{
		"p_user_id": user.String(), "p_workout_name": "Corrida", "p_workout_type": "Cardio",
		"p_duration_minutes": 30, "p_date": "2026-06-02T14:00:00.000Z", "p_workout_id": clientID,
	})
	return string(body)
}

func TestClientInfoReachesProcessingLog(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	token := sign(t, secret, jwt.MapClaims{"role": "service_role"})

	req, err := http.NewRequest(http.MethodPost, b.server.URL+"/rest/v1/rpc/"+compat.FunctionRecordWorkoutBasic,
		bytes.NewBufferString(basicBody(uuid.New(), "info-1")))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Client-Info", "supabase-flutter/2.5.0")
	req.Header.Set("X-Request-Id", "req-42")
	status, reply := do(t, b.server.Client(), req)
	require.Equal(t, http.StatusOK, status)

	events := b.tracker.WorkoutEvents(uuid.MustParse(reply["workout_id"].(string)))
	require.NotEmpty(t, events)
	var info map[string]string
	require.NoError(t, json.Unmarshal(events[0].ClientInfo, &info))
	require.Equal(t, "supabase-flutter/2.5.0", info["client_info"])
	require.Equal(t, "req-42", info["request_id"])
	require.NotContains(t, string(events[0].ClientInfo), token)
}

// panickingStore panics on every challenge lookup.
type panickingStore struct {
	*memstore.Store
}

func (panickingStore) Challenge(context.Context, uuid.UUID) (ranking.Challenge, error) {
	panic("challenge lookup exploded")
}

func TestPanicInCallAnswers500(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: panickingStore{b.store}, Clock: b.clock})
	require.NoError(t, err)
	handler, err := compathttp.NewHandler(compathttp.Config{Service: service, JWTSecret: secret, Clock: b.clock})
	require.NoError(t, err)
	server := httptest.NewServer(handler)
	defer server.Close()
	headers := bearer(sign(t, secret, jwt.MapClaims{"role": "service_role"}))

	body, _ := json.Marshal(map[string]any{
		"_challenge_id": uuid.NewString(), "_date": "2026-06-02T10:00:00.000Z", "_duration_minutes": 50,
		"_user_id": uuid.NewString(), "_workout_name": "Corrida", "_workout_type": "Cardio",
	})
	b.server = server
	status, reply := b.post(t, compat.FunctionRecordChallengeCheckInV2, string(body), headers)
	require.Equal(t, http.StatusInternalServerError, status)
	require.Equal(t, compathttp.CodeInternal, reply["code"])

	status, _ = b.post(t, compat.FunctionDiagnoseAndRecover, `{}`, headers)
	require.Equal(t, http.StatusOK, status, "the server keeps serving")
}
