package compat

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// fieldProblems collects the invalid parameters of one call, each described
// in Portuguese and named by its legacy parameter name, so that a rejected
// call lists every invalid parameter at once.
type fieldProblems struct {
	descriptions []string
	seen         map[string]bool
}

// add records that param is invalid, unless it is already listed.
func (p *fieldProblems) add(param, problem string) {
	if p.seen == nil {
		p.seen = make(map[string]bool)
	}
	if p.seen[param] {
		return
	}
	p.seen[param] = true
	p.descriptions = append(p.descriptions, param+" "+problem)
}

func (p *fieldProblems) empty() bool { return len(p.descriptions) == 0 }

// message returns the reply message, such as "Dados inválidos:
// p_duration_minutes deve estar entre 1 e 1440 minutos".
func (p *fieldProblems) message() string {
	return messageInvalidInputPrefix + strings.Join(p.descriptions, "; ")
}

// requiredUUID parses a required UUID parameter.
func (p *fieldProblems) requiredUUID(param, value string) uuid.UUID {
	if strings.TrimSpace(value) == "" {
		p.add(param, "é obrigatório")
		return uuid.Nil
	}
	return p.optionalUUID(param, value)
}

// optionalUUID parses a UUID parameter for which an empty value means none.
func (p *fieldProblems) optionalUUID(param, value string) uuid.UUID {
	value = strings.TrimSpace(value)
	if value == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(value)
	if err != nil {
		p.add(param, "não é um UUID válido")
		return uuid.Nil
	}
	return id
}

// timestamp parses a required timestamp parameter (see parseTimestamp).
// It returns the zero time when the value is invalid.
func (p *fieldProblems) timestamp(param, value string) time.Time {
	if strings.TrimSpace(value) == "" {
		p.add(param, "é obrigatório")
		return time.Time{}
	}
	t, err := parseTimestamp(value)
	if err != nil {
		p.add(param, "não é uma data válida (use ISO 8601, por exemplo 2026-06-02T20:00:00Z)")
		return time.Time{}
	}
	return t
}

// workoutParams maps the field names of a workout.ValidationError to the
// legacy parameter names of one function.
type workoutParams map[string]string

// addValidation lists the fields of verr under their legacy names, with a
// Portuguese description derived from the rejected workout w.
func (p *fieldProblems) addValidation(verr *workout.ValidationError, names workoutParams, w workout.Workout) {
	for _, f := range verr.Fields {
		param, ok := names[f.Field]
		if !ok {
			param = f.Field
		}
		p.add(param, describeWorkoutField(f.Field, w))
	}
}

// describeWorkoutField describes in Portuguese what is wrong with one field
// of a workout that workout.Validate rejected. It repeats the checks of
// workout.Validate only to choose the wording.
func describeWorkoutField(field string, w workout.Workout) string {
	switch field {
	case "user_id":
		return "é obrigatório"
	case "workout_name":
		return describeText(w.Name, workout.MaxNameLength, true)
	case "workout_type":
		return describeText(w.Type, workout.MaxTypeLength, true)
	case "notes":
		return describeText(w.Notes, workout.MaxNotesLength, false)
	case "workout_id":
		return describeText(w.ClientWorkoutID, workout.MaxClientIDLength, false)
	case "idempotency_key":
		return describeText(w.IdempotencyKey, workout.MaxNameLength, false)
	case "duration_minutes":
		return fmt.Sprintf("deve estar entre %d e %d minutos", workout.MinDuration, workout.MaxDuration)
	case "date":
		return describeDate(w.Date)
	}
	return "é inválido"
}

// describeDate describes why workout.Validate rejected a date.
func describeDate(date time.Time) string {
	switch {
	case date.IsZero():
		return "é obrigatório"
	case date.Before(workout.MinDate):
		return "é anterior a " + workout.MinDate.Format(time.DateOnly)
	}
	return "está no futuro"
}

// describeText describes why a text value is invalid, in the order of the
// checks of workout.Validate.
func describeText(value string, maxLength int, required bool) string {
	switch {
	case !utf8.ValidString(value):
		return "não é um texto UTF-8 válido"
	case strings.ContainsRune(value, 0):
		return "contém o caractere NUL"
	case required && strings.TrimSpace(value) == "":
		return "é obrigatório"
	case utf8.RuneCountInString(value) > maxLength:
		return fmt.Sprintf("tem mais de %d caracteres", maxLength)
	}
	return "é inválido"
}
