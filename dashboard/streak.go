package dashboard

import (
	"sort"
	"time"

	"github.com/rayclub/workoutflow/workout"
)

// addStreaks fills CurrentStreak and LongestStreak from the distinct local
// days of the workouts. It needs d.ComputedFor set.
func addStreaks(d *Dashboard, workouts []workout.Workout, loc *time.Location) {
	trained := make(map[workout.LocalDate]bool)
	for _, w := range workouts {
		trained[workout.LocalDateOf(w.Date, loc)] = true
	}

	d.CurrentStreak = currentStreak(trained, d.ComputedFor)
	d.LongestStreak = longestStreak(trained)
}

// currentStreak counts the consecutive trained days of the run that ends
// today, or yesterday when today has no workout yet. A day after today (a
// workout dated slightly in the future) does not extend it.
func currentStreak(trained map[workout.LocalDate]bool, today workout.LocalDate) int {
	end := today
	if !trained[end] {
		end = today.AddDays(-1)
	}

	streak := 0
	for day := end; trained[day]; day = day.AddDays(-1) {
		streak++
	}
	return streak
}

// longestStreak returns the length of the longest run of consecutive
// trained days.
func longestStreak(trained map[workout.LocalDate]bool) int {
	days := make([]workout.LocalDate, 0, len(trained))
	for day := range trained {
		days = append(days, day)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })

	longest, run := 0, 0
	for i, day := range days {
		if i > 0 && day.DaysSince(days[i-1]) == 1 {
			run++
		} else {
			run = 1
		}
		longest = max(longest, run)
	}
	return longest
}
