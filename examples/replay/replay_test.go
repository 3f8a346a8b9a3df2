package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

const dataDir = "../../testdata/strava"

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// csvRow is one activity, read without the strava package so that the
// expectations do not share its code.
type csvRow struct {
	start   time.Time
	minutes int
}

func readAthlete(t *testing.T, athlete string) []csvRow {
	t.Helper()

	file, err := os.Open(filepath.Join(dataDir, athlete+".csv"))
	require.NoError(t, err)
	defer file.Close()
	records, err := csv.NewReader(file).ReadAll()
	require.NoError(t, err)

	var rows []csvRow
	for _, record := range records[1:] {
		start, err := time.Parse(time.RFC3339, record[1])
		require.NoError(t, err)
		minutes, err := strconv.Atoi(record[2])
		require.NoError(t, err)
		rows = append(rows, csvRow{start: start, minutes: minutes})
	}
	return rows
}

// expectedCheckIns returns, for each Sao Paulo date from first to last
// (2006-01-02 strings, both included) with a workout of at least 45
// minutes, the start of the earliest such workout.
func expectedCheckIns(t *testing.T, rows []csvRow, first, last string) map[string]time.Time {
	t.Helper()

	saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)

	checkIns := map[string]time.Time{}
	for _, row := range rows {
		day := row.start.In(saoPaulo).Format(time.DateOnly)
		if row.minutes < 45 || day < first || day > last {
			continue
		}
		if earliest, ok := checkIns[day]; !ok || row.start.Before(earliest) {
			checkIns[day] = row.start
		}
	}
	return checkIns
}

// athleteByName returns the result of one athlete.
func athleteByName(t *testing.T, r result, athlete string) athleteResult {
	t.Helper()

	for _, a := range r.Athletes {
		if a.Athlete == athlete {
			return a
		}
	}
	t.Fatalf("athlete %s not in the results", athlete)
	return athleteResult{}
}

// requireCheckIns compares the replayed check-ins and points of an athlete
// with the ones computed from the CSV file.
func requireCheckIns(t *testing.T, r result, athlete string, expected map[string]time.Time) {
	t.Helper()

	got := athleteByName(t, r, athlete)
	days := make([]string, 0, len(expected))
	for day := range expected {
		days = append(days, day)
	}
	slices.Sort(days)

	gotDays := make([]string, len(got.CheckIns))
	for i, checkIn := range got.CheckIns {
		gotDays[i] = checkIn.Day.String()
		require.True(t, expected[gotDays[i]].Equal(checkIn.CheckInAt),
			"%s on %s: check-in at %s, expected %s", athlete, gotDays[i], checkIn.CheckInAt, expected[gotDays[i]])
		require.Equal(t, 10, checkIn.Points)
	}
	require.Equal(t, days, gotDays, athlete)
	require.Equal(t, len(days), got.Progress.CheckIns, athlete)
	require.Equal(t, 10*len(days), got.Progress.Points, athlete)
	require.Equal(t, 10*len(days), got.Dashboard.TotalPoints, athlete)
}

func TestReplayMatchesIndependentCount(t *testing.T) {
	t.Parallel()

	var out strings.Builder
	cfg := config{DataDir: dataDir, Days: 21, MarginDays: 30, Workers: 2}
	r, err := run(context.Background(), cfg, &out)
	require.NoError(t, err)

	// The window with the most active athletes in the samples.
	require.Equal(t, "2024-07-29", r.Window.Start.String())
	require.Equal(t, "2024-08-18", r.Window.End.String())
	require.Len(t, r.Athletes, 8)
	withWorkouts := 0
	for _, a := range r.Athletes {
		if a.Dashboard.TotalWorkouts > 0 {
			withWorkouts++
		}
	}
	require.Equal(t, withWorkouts, r.RecordedAthletes)

	// The window must contain a long enough athlete-05 workout that
	// started before 03:00 UTC, on the previous day in Sao Paulo, or the
	// comparison below would not cover the local-day rule.
	rows05 := readAthlete(t, "athlete-05")
	expected05 := expectedCheckIns(t, rows05, "2024-07-29", "2024-08-18")
	lateCheckIns := 0
	for day, start := range expected05 {
		if start.UTC().Hour() < 3 && start.UTC().Format(time.DateOnly) != day {
			lateCheckIns++
		}
	}
	require.Positive(t, lateCheckIns, "no check-in of athlete-05 in the window starts before 03:00 UTC")

	requireCheckIns(t, r, "athlete-05", expected05)
	for _, athlete := range []string{"athlete-01", "athlete-04", "athlete-07", "athlete-08"} {
		requireCheckIns(t, r, athlete, expectedCheckIns(t, readAthlete(t, athlete), "2024-07-29", "2024-08-18"))
	}

	require.Equal(t, 1, r.Athletes[0].Progress.Position)
	require.Contains(t, out.String(), "POSITION  ATHLETE")
	require.Contains(t, out.String(), "athlete-05")
}

func TestReplayRecordsWholeHistory(t *testing.T) {
	t.Parallel()

	rows := readAthlete(t, "athlete-08")
	clamped := 0
	for _, row := range rows {
		if row.minutes < 1 || row.minutes > 1440 {
			clamped++
		}
	}

	cfg := config{DataDir: dataDir, Athletes: []string{"athlete-08"}, Start: mustDate(t, "2022-05-01"), Days: 21, Workers: 1}
	r, err := run(context.Background(), cfg, &strings.Builder{})
	require.NoError(t, err)

	require.Equal(t, len(rows), r.Recorded)
	require.Equal(t, 1, r.RecordedAthletes)
	require.Equal(t, clamped, r.Clamped)
	require.Positive(t, r.Clamped)
	require.Len(t, r.Athletes, 1)
	require.Equal(t, len(rows), r.Athletes[0].Dashboard.TotalWorkouts)
	require.True(t, r.Now.Equal(rows[len(rows)-1].start))
	requireCheckIns(t, r, "athlete-08", expectedCheckIns(t, rows, "2022-05-01", "2022-05-21"))
}

func TestReplayKeepsIdenticalRows(t *testing.T) {
	t.Parallel()

	// athlete-07 has pairs of rows with the same start, type and duration,
	// recorded by two devices. Both rows of a pair are stored workouts.
	cfg := config{DataDir: dataDir, Athletes: []string{"athlete-07"}, Start: mustDate(t, "2024-05-01"), Days: 21, Workers: 1}
	r, err := run(context.Background(), cfg, &strings.Builder{})
	require.NoError(t, err)

	rows := readAthlete(t, "athlete-07")
	require.Len(t, rows, 219)
	require.Equal(t, len(rows), r.Recorded)
	require.Equal(t, len(rows), r.Athletes[0].Dashboard.TotalWorkouts)
	requireCheckIns(t, r, "athlete-07", expectedCheckIns(t, rows, "2024-05-01", "2024-05-21"))
}

func TestReplayUnknownAthlete(t *testing.T) {
	t.Parallel()

	cfg := config{DataDir: dataDir, Athletes: []string{"athlete-99"}, Days: 21, Workers: 1}
	_, err := run(context.Background(), cfg, &strings.Builder{})
	require.ErrorContains(t, err, `athlete "athlete-99" not found`)
}

func TestReplayEmptyMargin(t *testing.T) {
	t.Parallel()

	cfg := config{DataDir: dataDir, Athletes: []string{"athlete-06"}, Start: mustDate(t, "2020-01-01"), Days: 21, MarginDays: 10, Workers: 1}
	_, err := run(context.Background(), cfg, &strings.Builder{})
	require.ErrorContains(t, err, "no activity within 10 days")
}
