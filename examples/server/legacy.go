package main

import (
	"flag"
	"log/slog"
	"net/http"
	"os"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compathttp"
	"github.com/rayclub/workoutflow/workout"
)

// jwtSecretEnv is the environment variable read when -jwt-secret is empty.
const jwtSecretEnv = "WORKOUTFLOW_JWT_SECRET"

// legacyConfig configures the endpoints of the shipped mobile app's legacy
// RPC calls, POST /rest/v1/rpc/{function} and the processing queue it
// polls.
type legacyConfig struct {
	// JWTSecret verifies the app's HS256 tokens. Empty means the endpoints
	// are served only in development mode.
	JWTSecret string
	// DevNoAuth serves the endpoints without authentication: a request
	// without a token acts as the service role, so it may act for any user.
	DevNoAuth bool
}

// enabled reports whether the legacy endpoints are served: with a secret,
// or without authentication in development mode.
func (c legacyConfig) enabled() bool {
	return c.JWTSecret != "" || c.DevNoAuth
}

// addLegacyFlags registers the flags of the legacy endpoints.
func addLegacyFlags(flags *flag.FlagSet, cfg *legacyConfig) {
	flags.StringVar(&cfg.JWTSecret, "jwt-secret", "", "HS256 secret that verifies the legacy app's JWTs; empty means $"+jwtSecretEnv+". The legacy endpoints are off without a secret or -dev-no-auth")
	flags.BoolVar(&cfg.DevNoAuth, "dev-no-auth", false, "development only: serve the legacy endpoints to requests without a token, which then act as the service role for any user")
}

// readLegacyEnv fills an empty JWTSecret from the environment. It runs
// after parsing, not as the flag default, so that -help never prints the
// secret.
func readLegacyEnv(cfg *legacyConfig) {
	if cfg.JWTSecret == "" {
		cfg.JWTSecret = os.Getenv(jwtSecretEnv)
	}
}

// mountLegacy serves the legacy calls on mux through a compat.Service over
// the app's pipeline and store, and logs that they are on. Without a
// secret or development mode it serves nothing and logs how to turn the
// endpoints on, so that the in-memory quick start runs without flags but
// never serves the legacy calls unauthenticated by accident.
func mountLegacy(mux *http.ServeMux, cfg legacyConfig, a *app, clock workout.Clock, logger *slog.Logger) error {
	if !cfg.enabled() {
		logger.Info("server: legacy endpoints /rest/v1/* are off; set -jwt-secret (or $" + jwtSecretEnv + ") to serve them, or -dev-no-auth in development")
		return nil
	}

	service, err := compat.NewService(compat.Config{
		Pipeline: a.flow.Pipeline, Store: a.opened.store, Clock: clock, Logger: logger,
	})
	if err != nil {
		return err
	}
	handler, err := compathttp.NewHandler(compathttp.Config{
		Service:              service,
		JWTSecret:            []byte(cfg.JWTSecret),
		AllowUnauthenticated: cfg.DevNoAuth,
		Clock:                clock,
		Logger:               logger,
	})
	if err != nil {
		return err
	}

	mux.Handle("POST /rest/v1/rpc/{function}", handler)
	mux.Handle("GET /rest/v1/workout_processing_queue", handler)
	// The secret itself is never logged, only which mode serves the calls.
	logger.Info("server: legacy endpoints /rest/v1/* are on",
		"jwt_auth", cfg.JWTSecret != "", "dev_no_auth", cfg.DevNoAuth)
	return nil
}
