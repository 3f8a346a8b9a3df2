package compattest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

// dateForms are forms of a timestamptz value that PostgreSQL's input
// accepts and the app could send, each with the zone it is written in. A
// value without an offset is read in UTC, the session zone the SQL path
// runs with.
var dateForms = []struct {
	layout string
	zone   *time.Location
}{
	{"2006-01-02T15:04:05.000Z07:00", time.UTC},
	{"2006-01-02T15:04:05-0700", time.UTC},
	{"2006-01-02T15:04:05-0700", time.FixedZone("", -3*3600)},
	{"2006-01-02T15:04:05.000000-0700", time.FixedZone("", -3*3600)},
	{"2006-01-02T15:04:05-07", time.FixedZone("", -3*3600)},
	{"2006-01-02T15:04:05-07:00", time.FixedZone("", 5*3600+1800)},
	{"2006-01-02T15:04Z07:00", time.UTC},
	{"2006-01-02T15:04-07:00", time.FixedZone("", -3*3600)},
	{"2006-01-02T15:04-0700", time.FixedZone("", -3*3600)},
	{"2006-01-02T15:04-07", time.FixedZone("", -3*3600)},
	{"2006-01-02T15:04", time.UTC},
	{"2006-01-02T15:04:05", time.UTC},
	{"2006-01-02 15:04Z07:00", time.UTC},
	{"2006-01-02 15:04-0700", time.FixedZone("", -3*3600)},
	{"2006-01-02 15:04", time.UTC},
	{"2006-01-02 15:04:05", time.UTC},
	{"2006-01-02 15:04:05.000", time.UTC},
	{"2006-01-02 15:04-07", time.FixedZone("", -3*3600)},
	{"2006-01-02 15:04:05-0700", time.FixedZone("", -3*3600)},
	{"2006-01-02 15:04:05.000000-07:00", time.FixedZone("", 3600)},
	{"2006-01-02 15:04:05Z07:00", time.UTC},
}

// dateFormInstant is the instant every form writes: two hours ago, on a
// whole minute so that the forms without seconds write it too.
func dateFormInstant(s *State) time.Time {
	return s.Now.Add(-2 * time.Hour).Truncate(time.Minute)
}

// dateFormsCase records one workout per form of p_date and checks that
// each stored the same instant.
func dateFormsCase() Case {
	c := Case{Name: "basic date forms"}
	for i, form := range dateForms {
		c.Steps = append(c.Steps, Step{
			Function: compat.FunctionRecordWorkoutBasic,
			Args: func(s *State) map[string]any {
				date := dateFormInstant(s).In(form.zone).Format(form.layout)
				return basic(s, s.Member, date, 30, s.ClientID(fmt.Sprint(i)))
			},
			Want: basicSuccess(compat.MessageWorkoutRecorded, false),
		})
	}
	c.After = func(t *testing.T, env Env, s *State) {
		stored := RequireWorkouts(t, env, s.Member, len(dateForms))
		for _, w := range stored {
			require.True(t, dateFormInstant(s).Equal(w.Date), "workout %s: date %s", w.ClientWorkoutID, w.Date.UTC())
		}
	}
	return c
}
