package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// challengeService is the part of *ranking.Service the handlers use.
type challengeService interface {
	CreateChallenge(ctx context.Context, ch ranking.Challenge) (ranking.Challenge, error)
	Join(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error)
	SetStatus(ctx context.Context, challengeID, userID uuid.UUID, status ranking.ParticipantStatus) (ranking.Participant, error)
	Ranking(ctx context.Context, challengeID uuid.UUID) ([]ranking.Progress, error)
	UserProgress(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Progress, error)
	CheckIns(ctx context.Context, challengeID, userID uuid.UUID) ([]ranking.CheckIn, error)
}

// dashboardService is the part of *dashboard.Service the handlers use.
type dashboardService interface {
	Dashboard(ctx context.Context, userID uuid.UUID) (dashboard.Dashboard, error)
}

// deps are the components the HTTP handlers work with.
type deps struct {
	// Pipeline records workouts and reports their processing.
	Pipeline *workout.Pipeline
	// Challenges manages challenges, participants and rankings.
	Challenges challengeService
	// Store reads challenges and stores profiles.
	Store ranking.ChallengeStore
	// Dashboards reads users' dashboards.
	Dashboards dashboardService
	// Stats reads the stage statistics of GET /v1/stats.
	Stats statsReader
	// Clock must be the pipeline's clock.
	Clock workout.Clock
	// FutureTolerance must be the pipeline's Config.FutureTolerance. Zero
	// means workout.DefaultFutureTolerance.
	FutureTolerance time.Duration
	// Logger receives the errors of failed requests.
	Logger *slog.Logger
}

// api holds the handlers of the JSON API.
type api struct {
	deps
}

// newMux returns a ServeMux with every route of the JSON API. Callers may
// register more routes on it before wrapping it with newHandler.
func newMux(d deps) *http.ServeMux {
	if d.Clock == nil {
		d.Clock = workout.SystemClock{}
	}
	if d.FutureTolerance == 0 {
		d.FutureTolerance = workout.DefaultFutureTolerance
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	a := &api{deps: d}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.health)
	mux.HandleFunc("PUT /v1/profiles/{user_id}", a.saveProfile)

	mux.HandleFunc("POST /v1/workouts", a.recordWorkout)
	mux.HandleFunc("GET /v1/workouts/{id}", a.getWorkout)
	mux.HandleFunc("PUT /v1/workouts/{id}", a.updateWorkout)
	mux.HandleFunc("DELETE /v1/workouts/{id}", a.deleteWorkout)
	mux.HandleFunc("GET /v1/workouts/{id}/status", a.workoutStatus)
	mux.HandleFunc("POST /v1/workouts/{id}/retry", a.retryWorkout)

	mux.HandleFunc("POST /v1/challenges", a.createChallenge)
	mux.HandleFunc("GET /v1/challenges/{id}", a.getChallenge)
	mux.HandleFunc("POST /v1/challenges/{id}/participants", a.joinChallenge)
	mux.HandleFunc("PATCH /v1/challenges/{id}/participants/{user_id}", a.setParticipantStatus)
	mux.HandleFunc("DELETE /v1/challenges/{id}/participants/{user_id}", a.dropParticipant)
	mux.HandleFunc("GET /v1/challenges/{id}/participants/{user_id}/progress", a.userProgress)
	mux.HandleFunc("GET /v1/challenges/{id}/participants/{user_id}/check-ins", a.checkIns)
	mux.HandleFunc("GET /v1/challenges/{id}/ranking", a.ranking)

	mux.HandleFunc("GET /v1/users/{user_id}/dashboard", a.dashboard)
	mux.HandleFunc("GET /v1/stats", a.stats)
	return mux
}

// newServer returns the complete handler of the JSON API.
func newServer(d deps) http.Handler {
	return newHandler(newMux(d), d.Logger)
}

// newHandler wraps a mux with what every request needs: the body size
// limit, the client info of the processing log and a JSON response for a
// handler that panics.
func newHandler(mux *http.ServeMux, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer recoverPanic(w, r, logger)

		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if info := clientInfo(r.Header); info != nil {
			r = r.WithContext(tracking.WithClientInfo(r.Context(), info))
		}
		mux.ServeHTTP(w, r)
	})
}

// recoverPanic turns a handler panic into a logged error and a 500
// response. http.ErrAbortHandler keeps its meaning of aborting the
// response.
func recoverPanic(w http.ResponseWriter, r *http.Request, logger *slog.Logger) {
	value := recover()
	if value == nil {
		return
	}
	if value == http.ErrAbortHandler {
		panic(value)
	}
	writeError(w, r, logger, fmt.Errorf("handler panicked: %v", value))
}

// clientInfo describes the caller from the X-App-Version, X-Platform and
// X-Request-ID headers, or returns nil when none is set.
func clientInfo(header http.Header) json.RawMessage {
	info := map[string]string{}
	for key, name := range map[string]string{
		"app_version": "X-App-Version",
		"platform":    "X-Platform",
		"request_id":  "X-Request-ID",
	} {
		if value := header.Get(name); value != "" {
			info[key] = value
		}
	}
	if len(info) == 0 {
		return nil
	}
	encoded, err := json.Marshal(info)
	if err != nil {
		return nil
	}
	return encoded
}

// pathUUID parses the path value name as a UUID.
func pathUUID(r *http.Request, name string) (uuid.UUID, error) {
	value := r.PathValue(name)
	id, err := uuid.Parse(value)
	if err != nil {
		return uuid.Nil, badRequest("invalid %s in the path: %q is not a UUID", name, value)
	}
	return id, nil
}

// health reports that the server is serving requests.
func (a *api) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
