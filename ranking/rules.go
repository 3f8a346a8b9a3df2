package ranking

import (
	"errors"
	"fmt"
	"time"

	"github.com/rayclub/workoutflow/workout"
)

// Reasons a workout earns no check-in, returned by Rules.Qualify. Test for
// them with errors.Is.
var (
	ErrNotMember     = errors.New("user is not an active participant of the challenge")
	ErrOutsideWindow = errors.New("workout day is outside the challenge window")
	ErrFutureDay     = errors.New("workout day is after today in the challenge zone")
	ErrTooShort      = errors.New("workout is shorter than the challenge minimum")
)

// Rules are the check-in rules of one challenge at one moment, with the
// defaults of the zero fields applied and the zone loaded.
type Rules struct {
	// Location is the challenge's zone.
	Location *time.Location
	// Start and End are the first and last local days of the window, both
	// inside it. End is before Start when the challenge row is inverted,
	// and then the window has no days.
	Start, End workout.LocalDate
	// Today is the local day of the evaluation time in Location.
	Today workout.LocalDate
	// PointsPerCheckIn is the value of one check-in.
	PointsPerCheckIn int
	// MinDurationMinutes is the shortest workout that earns a check-in.
	MinDurationMinutes int
	// MinCheckIns is the number of check-ins that completes the challenge.
	// Zero means every day of the window.
	MinCheckIns int
}

// NewRules resolves the rules of ch at the instant now. It fails only when
// the challenge's time zone is unknown.
func NewRules(ch Challenge, now time.Time) (Rules, error) {
	start, end, loc, err := Window(ch)
	if err != nil {
		return Rules{}, err
	}

	return Rules{
		Location:           loc,
		Start:              start,
		End:                end,
		Today:              workout.LocalDateOf(now, loc),
		PointsPerCheckIn:   pointsPerCheckIn(ch),
		MinDurationMinutes: minDurationMinutes(ch),
		MinCheckIns:        ch.MinCheckIns,
	}, nil
}

// Window returns the first and last local days of the challenge's window
// and the challenge's zone. Each bound is the calendar date of StartDate or
// EndDate in the zone, so a bound stored as midnight UTC falls on the
// previous day in a zone west of UTC, such as Sao Paulo.
func Window(ch Challenge) (start, end workout.LocalDate, loc *time.Location, err error) {
	loc, err = workout.LoadZone(ch.TimeZone)
	if err != nil {
		return workout.LocalDate{}, workout.LocalDate{}, nil, fmt.Errorf("challenge %s: %w", ch.ID, err)
	}
	return workout.LocalDateOf(ch.StartDate, loc), workout.LocalDateOf(ch.EndDate, loc), loc, nil
}

// WindowDays returns the number of days in the window, 0 when End is
// before Start.
func (r Rules) WindowDays() int {
	return max(0, r.End.DaysSince(r.Start)+1)
}

// Day returns the local day of the instant t in the challenge's zone.
func (r Rules) Day(t time.Time) workout.LocalDate {
	return workout.LocalDateOf(t, r.Location)
}

// InWindow reports whether day is inside the window, both bounds included.
func (r Rules) InWindow(day workout.LocalDate) bool {
	return !day.Before(r.Start) && !day.After(r.End)
}

// Qualify returns the local day of w when w may earn a check-in for a user
// whose membership is member. Otherwise it returns the first failed rule,
// checked in this order: ErrNotMember, ErrOutsideWindow, ErrFutureDay,
// ErrTooShort. A qualifying workout still earns nothing when an earlier
// qualifying workout owns its day (see Evaluate).
func (r Rules) Qualify(w workout.Workout, member bool) (workout.LocalDate, error) {
	day := r.Day(w.Date)

	switch {
	case !member:
		return day, ErrNotMember
	case !r.InWindow(day):
		return day, ErrOutsideWindow
	case day.After(r.Today):
		return day, ErrFutureDay
	case w.DurationMinutes < r.MinDurationMinutes:
		return day, ErrTooShort
	}
	return day, nil
}

// Completed reports whether checkIns check-ins complete the challenge: they
// reach MinCheckIns, or every day of the window when MinCheckIns is zero. A
// window without days is never completed.
func (r Rules) Completed(checkIns int) bool {
	if r.MinCheckIns > 0 {
		return checkIns >= r.MinCheckIns
	}
	days := r.WindowDays()
	return days > 0 && checkIns >= days
}

func pointsPerCheckIn(ch Challenge) int {
	if ch.PointsPerCheckIn == 0 {
		return DefaultPointsPerCheckIn
	}
	return ch.PointsPerCheckIn
}

func minDurationMinutes(ch Challenge) int {
	if ch.MinDurationMinutes == 0 {
		return DefaultMinDurationMinutes
	}
	return ch.MinDurationMinutes
}
