package compat

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/workout"
)

func TestFieldProblemsMessage(t *testing.T) {
	t.Parallel()
	var problems fieldProblems
	require.True(t, problems.empty())

	problems.requiredUUID("_user_id", "")
	problems.optionalUUID("_challenge_id", "abc")
	problems.add("_user_id", "é outro problema")
	require.Equal(t, uuid.Nil, problems.optionalUUID("p_challenge_id", " "))

	require.False(t, problems.empty())
	require.Equal(t, "Dados inválidos: _user_id é obrigatório; _challenge_id não é um UUID válido", problems.message())
}

func TestDescribeWorkoutField(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC)
	w := workout.Workout{
		Name:            strings.Repeat("a", workout.MaxNameLength+1),
		Type:            " ",
		Notes:           "a\x00b",
		ClientWorkoutID: "\xfe",
		DurationMinutes: 0,
		Date:            now.Add(48 * time.Hour),
	}

	var verr *workout.ValidationError
	require.ErrorAs(t, workout.Validate(w, now, time.Hour), &verr)
	var problems fieldProblems
	problems.addValidation(verr, basicParamNames, w)

	want := []string{
		"p_user_id é obrigatório",
		"p_workout_name tem mais de 200 caracteres",
		"p_workout_type é obrigatório",
		"p_notes contém o caractere NUL",
		"p_workout_id não é um texto UTF-8 válido",
		"p_duration_minutes deve estar entre 1 e 1440 minutos",
		"p_date está no futuro",
	}
	require.ElementsMatch(t, want, problems.descriptions)
	for _, description := range problems.descriptions {
		require.NotContains(t, description, "já")
	}
}
