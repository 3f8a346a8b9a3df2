package strava

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testHeader = "athlete,started_at,elapsed_minutes,type,workout_name,distance_km\n"

func TestLoadValidRows(t *testing.T) {
	t.Parallel()

	input := testHeader +
		"athlete-09,2021-03-04T01:30:00Z,47,Run,Corrida,8.25\n" +
		"athlete-09,2021-03-05T12:00:00-03:00,0,WeightTraining,Musculação,\n"

	activities, err := Load(strings.NewReader(input))
	require.NoError(t, err)
	require.Equal(t, []Activity{
		{
			Athlete: "athlete-09", StartedAt: time.Date(2021, 3, 4, 1, 30, 0, 0, time.UTC),
			ElapsedMinutes: 47, Type: "Run", WorkoutName: "Corrida", DistanceKM: 8.25,
		},
		{
			Athlete: "athlete-09", StartedAt: time.Date(2021, 3, 5, 15, 0, 0, 0, time.UTC),
			ElapsedMinutes: 0, Type: "WeightTraining", WorkoutName: "Musculação",
		},
	}, activities)
	require.Equal(t, time.UTC, activities[1].StartedAt.Location())
}

func TestLoadHeaderOnly(t *testing.T) {
	t.Parallel()

	activities, err := Load(strings.NewReader(testHeader))
	require.NoError(t, err)
	require.Empty(t, activities)
}

func TestLoadRejectsBadHeader(t *testing.T) {
	t.Parallel()

	tests := map[string]string{
		"empty input":     "",
		"renamed column":  "athlete,start,elapsed_minutes,type,workout_name,distance_km\n",
		"missing column":  "athlete,started_at,elapsed_minutes,type,workout_name\n",
		"reordered names": "started_at,athlete,elapsed_minutes,type,workout_name,distance_km\n",
	}
	for name, input := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			_, err := Load(strings.NewReader(input))
			require.ErrorContains(t, err, "strava header")
		})
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name   string
		row    string
		column int
		field  string
	}{
		{"empty athlete", ",2021-03-04T01:30:00Z,47,Run,Corrida,8.25", 1, "athlete"},
		{"bad time", "athlete-09,2021-03-04 01:30,47,Run,Corrida,8.25", 2, "started_at"},
		{"negative minutes", "athlete-09,2021-03-04T01:30:00Z,-1,Run,Corrida,8.25", 3, "elapsed_minutes"},
		{"fractional minutes", "athlete-09,2021-03-04T01:30:00Z,4.5,Run,Corrida,8.25", 3, "elapsed_minutes"},
		{"blank type", "athlete-09,2021-03-04T01:30:00Z,47, ,Corrida,8.25", 4, "type"},
		{"empty name", "athlete-09,2021-03-04T01:30:00Z,47,Run,,8.25", 5, "workout_name"},
		{"text distance", "athlete-09,2021-03-04T01:30:00Z,47,Run,Corrida,far", 6, "distance_km"},
		{"negative distance", "athlete-09,2021-03-04T01:30:00Z,47,Run,Corrida,-2", 6, "distance_km"},
		{"infinite distance", "athlete-09,2021-03-04T01:30:00Z,47,Run,Corrida,Inf", 6, "distance_km"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			input := testHeader + "athlete-09,2021-03-03T10:00:00Z,30,Walk,Caminhada,2.00\n" + tt.row + "\n"
			_, err := Load(strings.NewReader(input))

			var parseErr *ParseError
			require.ErrorAs(t, err, &parseErr)
			require.Equal(t, 3, parseErr.Line)
			require.Equal(t, tt.column, parseErr.Column)
			require.Equal(t, tt.field, parseErr.Field)
			require.ErrorContains(t, err, "line 3, column")
		})
	}
}

func TestLoadRejectsWrongFieldCount(t *testing.T) {
	t.Parallel()

	input := testHeader + "athlete-09,2021-03-04T01:30:00Z,47,Run,Corrida\n"
	_, err := Load(strings.NewReader(input))
	require.ErrorContains(t, err, "line 2")
	require.ErrorContains(t, err, "wrong number of fields")
}

func TestLoadFileMissing(t *testing.T) {
	t.Parallel()

	_, err := LoadFile(filepath.Join(t.TempDir(), "absent.csv"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestLoadFileNamesPath(t *testing.T) {
	t.Parallel()

	path := filepath.Join(t.TempDir(), "broken.csv")
	require.NoError(t, os.WriteFile(path, []byte(testHeader+"a,b,1,Run,Corrida,\n"), 0o600))

	_, err := LoadFile(path)
	require.ErrorContains(t, err, path)
	require.ErrorContains(t, err, "line 2, column 2 (started_at)")
}

func TestLoadDirSamples(t *testing.T) {
	t.Parallel()

	activities, err := LoadDir("../../testdata/strava")
	require.NoError(t, err)
	require.Len(t, activities, 7220)

	perAthlete := map[string]int{}
	zeroMinutes := 0
	for _, a := range activities {
		perAthlete[a.Athlete]++
		if a.ElapsedMinutes == 0 {
			zeroMinutes++
		}
	}
	require.Len(t, perAthlete, 8)
	require.Equal(t, 2189, perAthlete["athlete-05"])
	require.Equal(t, 22, zeroMinutes)

	first := activities[0]
	require.Equal(t, "athlete-01", first.Athlete)
	require.Equal(t, 2020, first.StartedAt.Year())
}

func TestLoadDirWithoutFiles(t *testing.T) {
	t.Parallel()

	_, err := LoadDir(t.TempDir())
	require.ErrorContains(t, err, "no .csv file")
}

func TestParseErrorUnwraps(t *testing.T) {
	t.Parallel()

	inner := errors.New("boom")
	err := &ParseError{Line: 4, Column: 2, Field: "started_at", Err: inner}
	require.ErrorIs(t, err, inner)
	require.Equal(t, "line 4, column 2 (started_at): boom", err.Error())
}
