package strava

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParseError reports a value of an activity file that is invalid.
type ParseError struct {
	// Line is the 1-based line of the row in the file.
	Line int
	// Column is the 1-based position of the field in the row.
	Column int
	// Field is the column name from Header.
	Field string
	// Err describes what is wrong with the value.
	Err error
}

// Error formats the line, the column and the problem.
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// LoadFile loads the activities of the file at path.
func LoadFile(path string) ([]Activity, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load strava activities: %w", err)
	}
	defer file.Close()

	activities, err := Load(file)
	if err != nil {
		return nil, fmt.Errorf("load strava activities from %s: %w", path, err)
	}
	return activities, nil
}

// LoadDir loads every file of dir whose name ends in .csv, in name order,
// and returns their activities one file after the other.
func LoadDir(dir string) ([]Activity, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		return nil, fmt.Errorf("list strava files in %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("list strava files in %s: no .csv file found", dir)
	}
	slices.Sort(paths)

	var all []Activity
	for _, path := range paths {
		activities, err := LoadFile(path)
		if err != nil {
			return nil, err
		}
		all = append(all, activities...)
	}
	return all, nil
}

// Load reads an activity file: the header line, then one activity per
// line. It rejects the whole input at the first invalid line. An invalid
// value gives a *ParseError.
func Load(r io.Reader) ([]Activity, error) {
	reader := csv.NewReader(r)
	reader.FieldsPerRecord = len(Header)
	reader.ReuseRecord = true

	header, err := reader.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("read strava header: input is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("read strava header: %w", err)
	}
	if !slices.Equal(header, Header) {
		return nil, fmt.Errorf("read strava header: got %q, expected %q", header, Header)
	}

	var activities []Activity
	for {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return activities, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read strava activity: %w", err)
		}

		line, _ := reader.FieldPos(0)
		activity, err := parseRecord(record, line)
		if err != nil {
			return nil, err
		}
		activities = append(activities, activity)
	}
}

// parseRecord converts the fields of one row into an Activity.
func parseRecord(record []string, line int) (Activity, error) {
	fail := func(column int, format string, args ...any) error {
		return &ParseError{Line: line, Column: column + 1, Field: Header[column], Err: fmt.Errorf(format, args...)}
	}

	var activity Activity
	for column, value := range record {
		if column < 5 && strings.TrimSpace(value) == "" {
			return Activity{}, fail(column, "value is empty")
		}
	}
	activity.Athlete, activity.Type, activity.WorkoutName = record[0], record[3], record[4]

	startedAt, err := time.Parse(time.RFC3339, record[1])
	if err != nil {
		return Activity{}, fail(1, "invalid RFC 3339 time %q", record[1])
	}
	activity.StartedAt = startedAt.UTC()

	minutes, err := strconv.Atoi(record[2])
	if err != nil || minutes < 0 {
		return Activity{}, fail(2, "invalid number of minutes %q: expected a whole number, 0 or more", record[2])
	}
	activity.ElapsedMinutes = minutes

	if record[5] != "" {
		km, err := strconv.ParseFloat(record[5], 64)
		if err != nil || km < 0 || math.IsInf(km, 0) || math.IsNaN(km) {
			return Activity{}, fail(5, "invalid distance %q: expected a number of kilometres, 0 or more", record[5])
		}
		activity.DistanceKM = km
	}
	return activity, nil
}
