package compattest

import "github.com/rayclub/workoutflow/compat"

// operatorCases cover the diagnosis and retry functions. Their counts
// depend on everything else in the store, so only the reply's form is
// checked.
func operatorCases() []Case {
	return []Case{
		{
			Name: "diagnose default period",
			Steps: []Step{{
				Function: compat.FunctionDiagnoseAndRecover,
				Args:     func(s *State) map[string]any { return map[string]any{} },
				Want: Want{
					Fields:  map[string]any{"period": "7 days"},
					NotNull: []string{"recovered_count", "missing_count", "failed_count", "timestamp"},
				},
			}},
		},
		{
			Name: "diagnose given period",
			Steps: []Step{{
				Function: compat.FunctionDiagnoseAndRecover,
				Args:     func(s *State) map[string]any { return map[string]any{"days_back": 30} },
				Want: Want{
					Fields:  map[string]any{"period": "30 days"},
					NotNull: []string{"recovered_count", "missing_count", "failed_count", "timestamp"},
				},
			}},
		},
		{
			Name: "diagnose negative period",
			Steps: []Step{{
				Function: compat.FunctionDiagnoseAndRecover,
				Args:     func(s *State) map[string]any { return map[string]any{"days_back": -1} },
				Want: Want{
					Fields:  map[string]any{"recovered_count": 0, "missing_count": 0, "failed_count": 0},
					NotNull: []string{"error", "period", "timestamp"},
				},
			}},
		},
		{
			Name: "retry unknown workout",
			Steps: []Step{{
				Function: compat.FunctionRetryWorkoutProcessing,
				Args:     func(s *State) map[string]any { return map[string]any{"_workout_id": randomID()} },
				Want:     Want{Body: false},
			}},
		},
		{
			Name:                "retry malformed workout id",
			MalformedTypedValue: true,
			Steps: []Step{{
				Function: compat.FunctionRetryWorkoutProcessing,
				Args:     func(s *State) map[string]any { return map[string]any{"_workout_id": "treino-1"} },
				Want:     Want{Body: false},
			}},
		},
	}
}
