// Package compathttp serves the legacy RPC calls of package compat over
// HTTP, as the shipped app reaches them through PostgREST:
// POST /rest/v1/rpc/{function} with a JSON object of named parameters,
// authenticated by a Supabase-style HS256 JWT. It also serves the one
// table read the app polls, GET /rest/v1/workout_processing_queue
// filtered by workout_id.
//
// Replies are the JSON replies of compat.Service with status 200. Errors
// are PostgREST-style documents (see APIError) with these statuses:
//
//   - 400 for a body that is not a JSON object or an argument of the wrong
//     type;
//   - 401 for a missing or invalid token;
//   - 403 for a user acting for another user or calling an operator
//     function;
//   - 404 for an unknown function or parameter set.
package compathttp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// DefaultMaxBodyBytes is the default limit of a request body.
const DefaultMaxBodyBytes = 1 << 20

// Config configures a Handler. Zero fields take the documented defaults.
type Config struct {
	// Service serves the calls. Required.
	Service *compat.Service
	// JWTSecret verifies the HS256 tokens (the project's JWT secret, as
	// bytes). Required unless AllowUnauthenticated is set.
	JWTSecret []byte
	// AllowUnauthenticated is a development mode: a request without a
	// token acts as the service role and so may act for any user, as the
	// legacy functions did. Tokens that are sent are still verified when
	// JWTSecret is set; without JWTSecret every request acts as the
	// service role. Never set it in production.
	AllowUnauthenticated bool
	// MaxBodyBytes limits a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Clock checks the tokens' expiry; nil means workout.SystemClock{}.
	Clock workout.Clock
	// Logger receives internal errors; nil means slog.Default().
	Logger *slog.Logger
}

// Handler is the http.Handler of the legacy calls. Create it with
// NewHandler.
type Handler struct {
	service              *compat.Service
	secret               []byte
	allowUnauthenticated bool
	maxBody              int64
	clock                workout.Clock
	logger               *slog.Logger
	mux                  *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// NewHandler validates cfg and returns a Handler, or an error naming the
// invalid field.
func NewHandler(cfg Config) (*Handler, error) {
	switch {
	case cfg.Service == nil:
		return nil, errors.New("new compat handler: Config.Service is required")
	case len(cfg.JWTSecret) == 0 && !cfg.AllowUnauthenticated:
		return nil, errors.New("new compat handler: Config.JWTSecret is required unless AllowUnauthenticated is set")
	case cfg.MaxBodyBytes < 0:
		return nil, fmt.Errorf("new compat handler: Config.MaxBodyBytes must not be negative, got %d", cfg.MaxBodyBytes)
	}

	h := &Handler{
		service:              cfg.Service,
		secret:               cfg.JWTSecret,
		allowUnauthenticated: cfg.AllowUnauthenticated,
		maxBody:              cfg.MaxBodyBytes,
		clock:                cfg.Clock,
		logger:               cfg.Logger,
	}
	h.fillDefaults()
	if h.allowUnauthenticated {
		h.logger.Warn("compathttp: unauthenticated requests act as the service role; use this mode only in development")
	}

	h.mux = http.NewServeMux()
	h.mux.HandleFunc("POST /rest/v1/rpc/{function}", h.serveRPC)
	h.mux.HandleFunc("GET /rest/v1/workout_processing_queue", h.serveQueue)
	return h, nil
}

func (h *Handler) fillDefaults() {
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.clock == nil {
		h.clock = workout.SystemClock{}
	}
	if h.logger == nil {
		h.logger = slog.Default()
	}
	h.logger = h.logger.With("component", "workoutflow/compathttp")
}

// ServeHTTP routes the request. A panic in a call is logged and returns
// status 500 with an error document, so the client gets JSON as for any
// other internal error.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		recovered := recover()
		if recovered == nil {
			return
		}
		if recovered == http.ErrAbortHandler {
			panic(recovered)
		}
		h.logger.ErrorContext(r.Context(), "compathttp: call panicked", "path", r.URL.Path, "panic", recovered)
		writeJSON(w, http.StatusInternalServerError, APIError{Code: CodeInternal, Message: "internal error; the server log has the details"})
	}()
	h.mux.ServeHTTP(w, r)
}

// serveRPC runs one legacy function call.
func (h *Handler) serveRPC(w http.ResponseWriter, r *http.Request) {
	auth, err := h.authenticate(r)
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, unauthorized(err))
		return
	}

	args, apiErr := h.readArgs(w, r)
	if apiErr != nil {
		writeJSON(w, http.StatusBadRequest, apiErr)
		return
	}

	function := r.PathValue("function")
	ctx := tracking.WithClientInfo(r.Context(), clientInfo(r))
	reply, err := h.service.Invoke(ctx, auth, function, args)
	if err != nil {
		status := StatusCode(err)
		if status == http.StatusInternalServerError {
			h.logger.ErrorContext(ctx, "compathttp: call failed", "function", function, "error", err)
		}
		writeJSON(w, status, invokeError(err))
		return
	}
	writeJSON(w, http.StatusOK, reply)
}

// readArgs reads the body as a JSON object of named arguments. An empty
// body names no argument.
func (h *Handler) readArgs(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, *APIError) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		return nil, &APIError{Code: CodeInvalidBody, Message: "could not read the request body", Details: text(err.Error())}
	}
	if len(body) == 0 {
		return map[string]json.RawMessage{}, nil
	}

	var args map[string]json.RawMessage
	if err := json.Unmarshal(body, &args); err != nil || args == nil {
		details := "the body must be a JSON object of named arguments"
		if err != nil {
			details = err.Error()
		}
		return nil, &APIError{Code: CodeInvalidBody, Message: "invalid JSON body", Details: text(details)}
	}
	return args, nil
}

// clientInfo describes the caller for the processing log, without any
// credential.
func clientInfo(r *http.Request) json.RawMessage {
	info := map[string]string{"source": "compathttp"}
	for key, header := range map[string]string{
		"user_agent":  "User-Agent",
		"client_info": "X-Client-Info",
		"request_id":  "X-Request-Id",
	} {
		if value := r.Header.Get(header); value != "" {
			info[key] = value
		}
	}
	encoded, _ := json.Marshal(info)
	return encoded
}
