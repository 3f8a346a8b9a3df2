package compat

import (
	"slices"
	"strings"
)

// Names of the legacy functions.
const (
	FunctionRecordWorkoutBasic       = "record_workout_basic"
	FunctionRecordChallengeCheckInV2 = "record_challenge_check_in_v2"
	FunctionDiagnoseAndRecover       = "diagnose_and_recover_workout_records"
	FunctionRetryWorkoutProcessing   = "retry_workout_processing"
)

// Param is one named parameter of a legacy function.
type Param struct {
	// Name is the parameter's name, such as "p_user_id".
	Name string
	// Type is the PostgreSQL type of the parameter in the SQL function:
	// uuid, text, integer or timestamptz. Optional ids that the app may send
	// as an empty string, such as p_challenge_id, are text.
	Type string
	// Required is set for a parameter without a default, which every call
	// must name. The others default to NULL, which the functions read as
	// empty, or to the default given in the function's documentation.
	Required bool
}

// Function is the signature of a legacy function. Each name has exactly
// one signature.
type Function struct {
	Name   string
	Params []Param
}

var functions = []Function{
	{Name: FunctionRecordWorkoutBasic, Params: []Param{
		{Name: "p_user_id", Type: "uuid", Required: true},
		{Name: "p_workout_name", Type: "text", Required: true},
		{Name: "p_workout_type", Type: "text", Required: true},
		{Name: "p_duration_minutes", Type: "integer", Required: true},
		{Name: "p_date", Type: "timestamptz", Required: true},
		{Name: "p_challenge_id", Type: "text"},
		{Name: "p_workout_id", Type: "text"},
		{Name: "p_notes", Type: "text"},
		{Name: "p_workout_record_id", Type: "text"},
	}},
	{Name: FunctionRecordChallengeCheckInV2, Params: []Param{
		{Name: "_challenge_id", Type: "uuid", Required: true},
		{Name: "_date", Type: "timestamptz", Required: true},
		{Name: "_duration_minutes", Type: "integer", Required: true},
		{Name: "_user_id", Type: "uuid", Required: true},
		{Name: "_workout_id", Type: "text"},
		{Name: "_workout_name", Type: "text"},
		{Name: "_workout_type", Type: "text"},
	}},
	{Name: FunctionDiagnoseAndRecover, Params: []Param{
		{Name: "days_back", Type: "integer"},
	}},
	{Name: FunctionRetryWorkoutProcessing, Params: []Param{
		{Name: "_workout_id", Type: "uuid", Required: true},
	}},
}

// Functions returns the signatures of the legacy functions the Service
// serves.
func Functions() []Function {
	all := make([]Function, len(functions))
	for i, f := range functions {
		all[i] = Function{Name: f.Name, Params: slices.Clone(f.Params)}
	}
	return all
}

// LookupFunction returns the signature of the legacy function name.
func LookupFunction(name string) (Function, bool) {
	for _, f := range functions {
		if f.Name == name {
			return Function{Name: f.Name, Params: slices.Clone(f.Params)}, true
		}
	}
	return Function{}, false
}

// Param returns the parameter called name.
func (f Function) Param(name string) (Param, bool) {
	for _, p := range f.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Accepts reports whether a call naming exactly the parameters names
// matches the signature: every name is a parameter and every required
// parameter is named.
func (f Function) Accepts(names []string) bool {
	for _, name := range names {
		if _, ok := f.Param(name); !ok {
			return false
		}
	}
	for _, p := range f.Params {
		if p.Required && !slices.Contains(names, p.Name) {
			return false
		}
	}
	return true
}

// Signature returns the function with its parameter names, such as
// "retry_workout_processing(_workout_id)".
func (f Function) Signature() string {
	names := make([]string, len(f.Params))
	for i, p := range f.Params {
		names[i] = p.Name
	}
	return f.Name + "(" + strings.Join(names, ", ") + ")"
}
