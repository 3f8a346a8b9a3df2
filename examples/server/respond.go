package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// maxBodyBytes is the largest request body the server reads. A workout with
// the maximum notes and a few image addresses needs a few kilobytes.
const maxBodyBytes = 1 << 20

// errorBody is the JSON document of every error response.
type errorBody struct {
	Error  string               `json:"error"`
	Fields []workout.FieldError `json:"fields,omitempty"`
}

// requestError is an error of the caller with the HTTP status to return.
type requestError struct {
	status  int
	message string
}

func (e *requestError) Error() string { return e.message }

// badRequest returns a requestError with status 400.
func badRequest(format string, args ...any) error {
	return &requestError{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
}

// writeJSON sends value as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(value)
}

// writeError sends err as an error document with the status that matches
// it. Errors the caller cannot fix (status 500) are logged with the request
// and their message is not sent.
func writeError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var (
		reqErr   *requestError
		verr     *workout.ValidationError
		tooLarge *http.MaxBytesError
		body     = errorBody{Error: err.Error()}
		status   int
	)
	switch {
	case errors.As(err, &reqErr):
		status = reqErr.status
	case errors.As(err, &tooLarge):
		status = http.StatusRequestEntityTooLarge
		body.Error = fmt.Sprintf("request body is larger than %d bytes", tooLarge.Limit)
	case errors.As(err, &verr):
		status = http.StatusUnprocessableEntity
		body.Fields = verr.Fields
	case errors.Is(err, storage.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, storage.ErrConflict):
		status = http.StatusConflict
	case errors.Is(err, workout.ErrStopped):
		status = http.StatusServiceUnavailable
		body.Error = "server is shutting down, retry later"
	default:
		status = http.StatusInternalServerError
		body.Error = "internal error"
		logger.ErrorContext(r.Context(), "server: request failed",
			"method", r.Method, "path", r.URL.Path, "request_id", r.Header.Get("X-Request-ID"), "error", err)
	}
	writeJSON(w, status, body)
}

// decodeJSON reads the request body into dst. Unknown fields, trailing data
// and malformed JSON are rejected with status 400, a body over the limit
// with status 413.
func decodeJSON(r *http.Request, dst any) error {
	decoder := json.NewDecoder(r.Body)
	decoder.DisallowUnknownFields()

	if err := decoder.Decode(dst); err != nil {
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return err
		case errors.Is(err, io.EOF):
			return badRequest("invalid JSON: request body is empty")
		}
		return badRequest("invalid JSON: %v", err)
	}

	if _, err := decoder.Token(); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return badRequest("invalid JSON: unexpected data after the JSON object")
	}
	return nil
}
