package workout

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)
	valid := Workout{
		UserID: uuid.New(), Name: "Corrida", Type: "Run",
		Date: now.Add(-time.Hour), DurationMinutes: 45,
	}

	cases := []struct {
		name    string
		mutate  func(*Workout)
		invalid []string
	}{
		{"valid", func(*Workout) {}, nil},
		{"emoji and accents", func(w *Workout) { w.Name = "Musculação 💪"; w.Notes = "ótimo treino" }, nil},
		{"old date for offline sync", func(w *Workout) { w.Date = now.AddDate(-3, 0, 0) }, nil},
		{"date inside future tolerance", func(w *Workout) { w.Date = now.Add(time.Hour) }, nil},
		{"date past future tolerance", func(w *Workout) { w.Date = now.Add(time.Hour + time.Second) }, []string{"date"}},
		{"missing date", func(w *Workout) { w.Date = time.Time{} }, []string{"date"}},
		{"date before 1900", func(w *Workout) { w.Date = time.Date(1899, 12, 31, 23, 0, 0, 0, time.UTC) }, []string{"date"}},
		{"date in year -5000", func(w *Workout) { w.Date = time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"date"}},
		{"client id of 2000 characters", func(w *Workout) { w.ClientWorkoutID = strings.Repeat("x", 2000) }, nil},
		{"client id of 2001 characters", func(w *Workout) { w.ClientWorkoutID = strings.Repeat("x", 2001) }, []string{"workout_id"}},
		{"missing user", func(w *Workout) { w.UserID = uuid.Nil }, []string{"user_id"}},
		{"duration 1 and 1440 bounds", func(w *Workout) { w.DurationMinutes = 1440 }, nil},
		{"duration zero", func(w *Workout) { w.DurationMinutes = 0 }, []string{"duration_minutes"}},
		{"duration over a day", func(w *Workout) { w.DurationMinutes = 1441 }, []string{"duration_minutes"}},
		{"blank name", func(w *Workout) { w.Name = " \t" }, []string{"workout_name"}},
		{"name of 200 characters", func(w *Workout) { w.Name = strings.Repeat("é", 200) }, nil},
		{"name of 201 characters", func(w *Workout) { w.Name = strings.Repeat("é", 201) }, []string{"workout_name"}},
		{"type of 61 characters", func(w *Workout) { w.Type = strings.Repeat("x", 61) }, []string{"workout_type"}},
		{"notes of 2001 characters", func(w *Workout) { w.Notes = strings.Repeat("x", 2001) }, []string{"notes"}},
		{"NUL in notes", func(w *Workout) { w.Notes = "a\x00b" }, []string{"notes"}},
		{"invalid UTF-8 in type", func(w *Workout) { w.Type = "Run\xff" }, []string{"workout_type"}},
		{"non-UUID client id is fine", func(w *Workout) { w.ClientWorkoutID = "treino-123" }, nil},
		{"every field at once", func(w *Workout) {
			*w = Workout{DurationMinutes: -5, Notes: "\xff"}
		}, []string{"user_id", "workout_name", "workout_type", "notes", "duration_minutes", "date"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := valid
			tc.mutate(&w)

			err := Validate(w, now, DefaultFutureTolerance)

			if tc.invalid == nil {
				require.NoError(t, err)
				return
			}
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Fields, len(tc.invalid), "%v", verr)
			for _, field := range tc.invalid {
				require.True(t, verr.Has(field), "expected %s in %v", field, verr)
			}
		})
	}
}

func TestValidationErrorNamesFields(t *testing.T) {
	t.Parallel()
	err := Validate(Workout{}, time.Now(), time.Hour)
	require.ErrorContains(t, err, "user_id: is required")
	require.ErrorContains(t, err, "duration_minutes: must be between 1 and 1440 minutes, got 0")
}
