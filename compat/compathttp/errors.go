package compathttp

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/rayclub/workoutflow/compat"
)

// APIError is the JSON error document of the handler, in the form
// PostgREST uses, so that clients written for PostgREST read it.
type APIError struct {
	// Code is a PostgREST code (PGRSTnnn) or a PostgreSQL SQLSTATE.
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Details *string `json:"details"`
	Hint    *string `json:"hint"`
}

// Codes of the handler's error documents.
const (
	CodeInvalidBody      = "PGRST102"
	CodeFunctionNotFound = "PGRST202"
	CodeInvalidToken     = "PGRST301"
	CodeMissingToken     = "PGRST302"
	CodeInvalidArgument  = "22P02"
	CodePermissionDenied = "42501"
	CodeInternal         = "XX000"
	CodeMissingFilter    = "PGRST100"
)

// StatusCode returns the HTTP status for an error of compat.Service.Invoke:
// 404 for a *compat.FunctionNotFoundError, 400 for a *compat.ArgumentError,
// 403 for an error wrapping compat.ErrForbidden, and 500 otherwise.
func StatusCode(err error) int {
	var notFound *compat.FunctionNotFoundError
	var argument *compat.ArgumentError
	switch {
	case errors.As(err, &notFound):
		return http.StatusNotFound
	case errors.As(err, &argument):
		return http.StatusBadRequest
	case errors.Is(err, compat.ErrForbidden):
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// invokeError returns the error document of an Invoke error. Internal
// errors get a generic message, so that no detail leaks to clients.
func invokeError(err error) APIError {
	var notFound *compat.FunctionNotFoundError
	var argument *compat.ArgumentError
	var forbidden *compat.ForbiddenError
	switch {
	case errors.As(err, &notFound):
		return functionNotFound(notFound)
	case errors.As(err, &argument):
		return APIError{Code: CodeInvalidArgument, Message: argument.Error()}
	case errors.As(err, &forbidden):
		return APIError{
			Code:    CodePermissionDenied,
			Message: "permission denied for function " + forbidden.Function,
			Details: text(forbidden.Reason),
		}
	}
	return APIError{Code: CodeInternal, Message: "internal error; the server log has the details"}
}

// functionNotFound describes a call that matched no signature and, when the
// function exists, gives its signature as hint.
func functionNotFound(err *compat.FunctionNotFoundError) APIError {
	apiErr := APIError{
		Code:    CodeFunctionNotFound,
		Message: fmt.Sprintf("no function public.%s(%s) exists", err.Name, strings.Join(err.Args, ", ")),
		Details: text(fmt.Sprintf("looked for public.%s with the parameters %s", err.Name, listOrNone(err.Args))),
	}
	if f, ok := compat.LookupFunction(err.Name); ok {
		apiErr.Hint = text(fmt.Sprintf("call public.%s; required: %s", f.Signature(), listOrNone(required(f))))
	}
	return apiErr
}

func required(f compat.Function) []string {
	var names []string
	for _, p := range f.Params {
		if p.Required {
			names = append(names, p.Name)
		}
	}
	return names
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

func text(s string) *string { return &s }

// writeJSON writes value as the JSON body with the status.
func writeJSON(w http.ResponseWriter, status int, value any) {
	body, err := json.Marshal(value)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"code":"XX000","message":"encode reply failed","details":null,"hint":null}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
