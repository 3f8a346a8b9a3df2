package ranking

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// stravaRow is one activity of the anonymized Strava samples.
type stravaRow struct {
	startedAt time.Time
	minutes   int
	kind      string
	name      string
}

func readStrava(t *testing.T, path string) []stravaRow {
	t.Helper()

	file, err := os.Open(path)
	require.NoError(t, err)
	defer file.Close()

	records, err := csv.NewReader(file).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"athlete", "started_at", "elapsed_minutes", "type", "workout_name", "distance_km"}, records[0])

	rows := make([]stravaRow, 0, len(records)-1)
	for _, record := range records[1:] {
		startedAt, err := time.Parse(time.RFC3339, record[1])
		require.NoError(t, err)
		minutes, err := strconv.Atoi(record[2])
		require.NoError(t, err)
		rows = append(rows, stravaRow{startedAt: startedAt, minutes: minutes, kind: record[3], name: record[4]})
	}
	return rows
}

func TestEvaluateStravaAthlete(t *testing.T) {
	t.Parallel()

	rows := readStrava(t, "../testdata/strava/athlete-05.csv")
	ch := testChallenge(t)
	ch.StartDate = spTime(t, "2022-09-05 00:00")
	ch.EndDate = spTime(t, "2022-09-25 23:59")
	now := spTime(t, "2022-10-01 12:00")

	var workouts []workout.Workout
	for i, row := range rows {
		id := uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("athlete-05/%d", i)))
		workouts = append(workouts, workout.Workout{
			ID: id, UserID: testUserID, Name: row.name, Type: row.kind, Date: row.startedAt,
			DurationMinutes: row.minutes, ChallengeID: testChallengeID, CreatedAt: row.startedAt,
		})
	}

	// Expected figures, computed without the package's helpers: format the
	// Sao Paulo date of each row and compare the strings.
	wantDays := map[string]bool{}
	inWindow, lateEvening := 0, 0
	for _, row := range rows {
		local := row.startedAt.In(saoPaulo).Format(time.DateOnly)
		if local < "2022-09-05" || local > "2022-09-25" {
			continue
		}
		inWindow++
		if row.startedAt.UTC().Hour() < 3 {
			lateEvening++
		}
		if row.minutes >= 45 {
			wantDays[local] = true
		}
	}
	require.Equal(t, 14, lateEvening, "the window must hold rows from 00:00 to 02:59 UTC")
	require.Len(t, wantDays, 14, "UTC day keys would give 16")

	result, err := Evaluate(ch, activeParticipant(), testProfile(), workouts, now)
	require.NoError(t, err)

	gotDays := map[string]bool{}
	for _, c := range result.CheckIns {
		gotDays[c.Day.String()] = true
	}
	require.Equal(t, wantDays, gotDays)
	require.Equal(t, len(wantDays)*DefaultPointsPerCheckIn, result.Progress.Points)
	require.Equal(t, inWindow, result.Progress.WorkoutsInWindow)
	require.Len(t, result.WorkoutPoints, len(rows))
}
