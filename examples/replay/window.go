package main

import (
	"errors"
	"time"

	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// window is a range of local days, both bounds included.
type window struct {
	Start, End workout.LocalDate
}

// contains reports whether day is inside the window.
func (w window) contains(day workout.LocalDate) bool {
	return !day.Before(w.Start) && !day.After(w.End)
}

// newWindow returns the window that starts on start and lasts the given
// number of days.
func newWindow(start workout.LocalDate, days int) window {
	return window{Start: start, End: start.AddDays(days - 1)}
}

// windowScore ranks candidate windows: more active athletes first, then
// more check-in days (athlete and day pairs with a long enough workout).
type windowScore struct {
	athletes    int
	checkInDays int
}

func (s windowScore) better(other windowScore) bool {
	if s.athletes != other.athletes {
		return s.athletes > other.athletes
	}
	return s.checkInDays > other.checkInDays
}

// busiestWindow returns the window of the given number of local days in loc
// with the most distinct athletes that have an activity in it. Ties go to the window with
// the most days on which an athlete has an activity of at least
// ranking.DefaultMinDurationMinutes, then to the earliest one.
func busiestWindow(activities []strava.Activity, days int, loc *time.Location) (window, error) {
	if len(activities) == 0 {
		return window{}, errors.New("choose challenge window: no activities")
	}

	byDay := map[workout.LocalDate][]strava.Activity{}
	first, last := workout.LocalDateOf(activities[0].StartedAt, loc), workout.LocalDate{}
	for _, a := range activities {
		day := workout.LocalDateOf(a.StartedAt, loc)
		byDay[day] = append(byDay[day], a)
		if day.Before(first) {
			first = day
		}
		if day.After(last) {
			last = day
		}
	}

	best, bestScore := newWindow(first, days), windowScore{}
	for start := first; !start.After(last); start = start.AddDays(1) {
		candidate := newWindow(start, days)
		if score := scoreWindow(byDay, candidate); score.better(bestScore) {
			best, bestScore = candidate, score
		}
	}
	return best, nil
}

// scoreWindow counts the athletes and check-in days of one window.
func scoreWindow(byDay map[workout.LocalDate][]strava.Activity, w window) windowScore {
	athletes := map[string]bool{}
	checkInDays := 0
	for day := w.Start; !day.After(w.End); day = day.AddDays(1) {
		checkedIn := map[string]bool{}
		for _, a := range byDay[day] {
			athletes[a.Athlete] = true
			if a.ElapsedMinutes >= ranking.DefaultMinDurationMinutes && !checkedIn[a.Athlete] {
				checkedIn[a.Athlete] = true
				checkInDays++
			}
		}
	}
	return windowScore{athletes: len(athletes), checkInDays: checkInDays}
}
