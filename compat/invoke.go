package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FunctionNotFoundError is returned by Invoke when no legacy function has
// the name, or when the named arguments do not match its signature (an
// unknown parameter, or a required one missing). PostgREST replies to such
// a call with status 404.
type FunctionNotFoundError struct {
	// Name is the function called.
	Name string
	// Args lists the argument names of the call, sorted.
	Args []string
}

// Error describes the call that matched no function.
func (e *FunctionNotFoundError) Error() string {
	return fmt.Sprintf("no function %s(%s)", e.Name, strings.Join(e.Args, ", "))
}

// ArgumentError is returned by Invoke when an argument's JSON value cannot
// be read as the parameter's type, such as text for an integer.
type ArgumentError struct {
	Function string
	Param    string
	// Type is the PostgreSQL type of the parameter.
	Type string
	// Value is the JSON value received.
	Value string
}

// Error describes the invalid argument.
func (e *ArgumentError) Error() string {
	return fmt.Sprintf("%s: invalid input syntax for type %s in parameter %s: %s", e.Function, e.Type, e.Param, e.Value)
}

// Invoke calls the legacy function name with named JSON arguments, as the
// HTTP handler receives them, and returns its reply: a
// RecordWorkoutBasicReply, CheckInReply, DiagnoseReply or bool. A JSON null
// argument reads as an empty value. It returns a *FunctionNotFoundError
// for an unknown function or parameter set, an *ArgumentError for a value
// of the wrong JSON type, and a *ForbiddenError when auth may not make the
// call.
func (s *Service) Invoke(ctx context.Context, auth Auth, name string, args map[string]json.RawMessage) (any, error) {
	f, err := matchFunction(name, args)
	if err != nil {
		return nil, err
	}
	body, err := coerceArgs(f, args)
	if err != nil {
		return nil, err
	}

	switch f.Name {
	case FunctionRecordWorkoutBasic:
		var params RecordWorkoutBasicParams
		if err := decodeArgs(f, body, &params); err != nil {
			return nil, err
		}
		return s.RecordWorkoutBasic(ctx, auth, params)
	case FunctionRecordChallengeCheckInV2:
		var params CheckInParams
		if err := decodeArgs(f, body, &params); err != nil {
			return nil, err
		}
		return s.RecordChallengeCheckInV2(ctx, auth, params)
	case FunctionDiagnoseAndRecover:
		var params DiagnoseParams
		if err := decodeArgs(f, body, &params); err != nil {
			return nil, err
		}
		return s.DiagnoseAndRecoverWorkoutRecords(ctx, auth, params)
	default:
		var params RetryParams
		if err := decodeArgs(f, body, &params); err != nil {
			return nil, err
		}
		return s.RetryWorkoutProcessing(ctx, auth, params)
	}
}

// matchFunction returns the signature that the call name(args) matches.
func matchFunction(name string, args map[string]json.RawMessage) (Function, error) {
	names := make([]string, 0, len(args))
	for arg := range args {
		names = append(names, arg)
	}
	slices.Sort(names)

	f, ok := LookupFunction(name)
	if !ok || !f.Accepts(names) {
		return Function{}, &FunctionNotFoundError{Name: name, Args: names}
	}
	return f, nil
}

// coerceArgs converts the arguments as PostgreSQL would read a JSON value
// into the parameter's type: a number or boolean for a text, uuid or
// timestamptz parameter becomes its text, and a string holding an integer
// becomes that integer. It returns the arguments as one JSON object.
func coerceArgs(f Function, args map[string]json.RawMessage) ([]byte, error) {
	coerced := make(map[string]json.RawMessage, len(args))
	for name, raw := range args {
		p, _ := f.Param(name)
		value, err := coerceArg(p, bytes.TrimSpace(raw))
		if err != nil {
			return nil, &ArgumentError{Function: f.Name, Param: name, Type: p.Type, Value: string(raw)}
		}
		coerced[name] = value
	}
	return json.Marshal(coerced)
}

func coerceArg(p Param, raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return json.RawMessage("null"), nil
	}

	isString := raw[0] == '"'
	switch {
	case p.Type == "integer" && isString:
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return nil, err
		}
		return json.RawMessage(strconv.Itoa(n)), nil
	case p.Type != "integer" && !isString && raw[0] != '{' && raw[0] != '[':
		return json.Marshal(string(raw))
	}
	return raw, nil
}

// decodeArgs decodes the JSON object body into the parameters struct.
func decodeArgs(f Function, body []byte, params any) error {
	err := json.Unmarshal(body, params)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		p, _ := f.Param(typeErr.Field)
		return &ArgumentError{Function: f.Name, Param: typeErr.Field, Type: p.Type, Value: typeErr.Value}
	}
	if err != nil {
		return fmt.Errorf("%s: decode arguments: %w", f.Name, err)
	}
	return nil
}
