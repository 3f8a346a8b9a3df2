// Package strava loads the anonymized Strava activity histories kept in
// testdata/strava, so that tests and examples can replay real training
// patterns through the pipeline.
//
// A file is CSV with the header
//
//	athlete,started_at,elapsed_minutes,type,workout_name,distance_km
//
// and one activity per row. Parsing is strict: a wrong header, a missing or
// extra field, or a value that does not parse fails the whole load with an
// error naming the line and the column.
package strava

import "time"

// Header lists the columns of an activity file, in order.
var Header = []string{"athlete", "started_at", "elapsed_minutes", "type", "workout_name", "distance_km"}

// Activity is one row of an activity file.
type Activity struct {
	// Athlete is the pseudonym of the athlete, such as "athlete-05".
	Athlete string
	// StartedAt is the start of the activity in UTC, truncated to the
	// minute.
	StartedAt time.Time
	// ElapsedMinutes is the wall-clock duration including pauses, rounded
	// down. It may be 0 (under a minute) or longer than a day.
	ElapsedMinutes int
	// Type is the Strava activity type, such as "Run" or "WeightTraining".
	Type string
	// WorkoutName is the Portuguese display name derived from Type, such
	// as "Corrida".
	WorkoutName string
	// DistanceKM is the distance in kilometres, 0 when the file has none.
	DistanceKM float64
}
