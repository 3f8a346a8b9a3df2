package dashboard

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// saoPaulo is the default zone, loaded once for the tests.
var saoPaulo = mustLoadZone(workout.DefaultTimeZone)

func mustLoadZone(name string) *time.Location {
	loc, err := workout.LoadZone(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// spTime returns a wall-clock time in Sao Paulo.
func spTime(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, saoPaulo)
}

// newWorkout returns a stored-looking workout of the user without a
// challenge.
func newWorkout(userID uuid.UUID, date time.Time, minutes int, kind string) workout.Workout {
	return workout.Workout{
		ID:              uuid.New(),
		UserID:          userID,
		Name:            kind,
		Type:            kind,
		Date:            date,
		DurationMinutes: minutes,
		CreatedAt:       date,
		UpdatedAt:       date,
	}
}

// readStravaCSV returns the data rows of a file under testdata/strava,
// without the header: athlete, started_at, elapsed_minutes, type,
// workout_name, distance_km.
func readStravaCSV(t *testing.T, name string) [][]string {
	t.Helper()

	f, err := os.Open("../testdata/strava/" + name)
	require.NoError(t, err)
	defer f.Close()

	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(records), 1, "file %s has no data rows", name)
	return records[1:]
}

// loadStravaWorkouts turns the rows of a file under testdata/strava into
// workouts of userID. Rows whose duration recording would reject (outside
// 1..1440 minutes) are left out, as they could never be stored.
func loadStravaWorkouts(t *testing.T, name string, userID uuid.UUID) []workout.Workout {
	t.Helper()

	var workouts []workout.Workout
	for _, row := range readStravaCSV(t, name) {
		started, err := time.Parse(time.RFC3339, row[1])
		require.NoError(t, err)
		minutes, err := strconv.Atoi(row[2])
		require.NoError(t, err)
		if minutes < workout.MinDuration || minutes > workout.MaxDuration {
			continue
		}

		w := newWorkout(userID, started, minutes, row[3])
		w.Name = row[4]
		workouts = append(workouts, w)
	}
	return workouts
}
