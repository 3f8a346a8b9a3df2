package recovery

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// compareCheckIns compares a pair's stored check-ins with the expected
// ones. A stored row whose workout is gone is reported as an orphan. Of the
// other rows of a day, one is kept and the rest are reported as
// duplicates, so no row is reported twice. The kept row is then compared
// with the day's expected check-in.
func compareCheckIns(s memberState) []Finding {
	known := make(map[uuid.UUID]bool, len(s.workouts))
	for _, w := range s.workouts {
		known[w.ID] = true
	}
	expected := make(map[workout.LocalDate]ranking.CheckIn, len(s.expected.CheckIns))
	for _, c := range s.expected.CheckIns {
		expected[c.Day] = c
	}
	byDay := make(map[workout.LocalDate][]ranking.CheckIn)
	for _, c := range s.checkIns {
		byDay[c.Day] = append(byDay[c.Day], c)
	}

	var findings []Finding
	for _, day := range unionDays(byDay, expected) {
		kept, dayFindings := keepOneCheckIn(s.key, byDay[day], expected[day], known)
		findings = append(findings, dayFindings...)

		want, earned := expected[day]
		if f, drifted := checkInDrift(s.key, day, kept, want, earned); drifted {
			findings = append(findings, f)
		}
	}
	return findings
}

// keepOneCheckIn reports the orphans and surplus rows among a day's stored
// check-ins and returns the row that remains, nil when none does. The
// remaining row is the one owned by the expected workout, else the first
// row whose workout exists.
func keepOneCheckIn(key MemberKey, rows []ranking.CheckIn, want ranking.CheckIn, known map[uuid.UUID]bool) (*ranking.CheckIn, []Finding) {
	var findings []Finding
	var valid []ranking.CheckIn
	for _, c := range rows {
		if known[c.WorkoutID] {
			valid = append(valid, c)
			continue
		}
		findings = append(findings, checkInFinding(KindOrphanCheckIn, key, c.WorkoutID,
			fmt.Sprintf("check-in %s on %s belongs to workout %s, which is not stored for the challenge", c.ID, c.Day, c.WorkoutID)))
	}
	if len(valid) == 0 {
		return nil, findings
	}

	keep := max(0, slices.IndexFunc(valid, func(c ranking.CheckIn) bool { return c.WorkoutID == want.WorkoutID }))
	for i, c := range valid {
		if i == keep {
			continue
		}
		findings = append(findings, checkInFinding(KindDuplicateCheckIn, key, c.WorkoutID,
			fmt.Sprintf("check-in %s of workout %s is one of %d check-ins on %s", c.ID, c.WorkoutID, len(rows), c.Day)))
	}
	return &valid[keep], findings
}

// checkInDrift compares the stored row kept for a day with the day's
// expected check-in.
func checkInDrift(key MemberKey, day workout.LocalDate, kept *ranking.CheckIn, want ranking.CheckIn, earned bool) (Finding, bool) {
	switch {
	case kept == nil && !earned:
		return Finding{}, false
	case kept == nil:
		return checkInFinding(KindCheckInDrift, key, want.WorkoutID,
			fmt.Sprintf("missing check-in on %s for workout %s", day, want.WorkoutID)), true
	case !earned:
		return checkInFinding(KindCheckInDrift, key, kept.WorkoutID,
			fmt.Sprintf("check-in %s on %s of workout %s is not earned", kept.ID, day, kept.WorkoutID)), true
	}

	diffs := checkInDiffs(*kept, want)
	if len(diffs) == 0 {
		return Finding{}, false
	}
	return checkInFinding(KindCheckInDrift, key, want.WorkoutID,
		fmt.Sprintf("check-in on %s: %s", day, strings.Join(diffs, ", "))), true
}

// checkInDiffs lists the fields of got that differ from want. The copied
// user name and photo are not compared, because they only echo the
// profile.
func checkInDiffs(got, want ranking.CheckIn) []string {
	var diffs differences
	diffValue(&diffs, "id", got.ID, want.ID)
	diffValue(&diffs, "workout", got.WorkoutID, want.WorkoutID)
	diffValue(&diffs, "points", got.Points, want.Points)
	diffTime(&diffs, "check_in_date", &got.CheckInAt, &want.CheckInAt)
	diffValue(&diffs, "workout_name", got.WorkoutName, want.WorkoutName)
	diffValue(&diffs, "workout_type", got.WorkoutType, want.WorkoutType)
	diffValue(&diffs, "duration_minutes", got.DurationMinutes, want.DurationMinutes)
	return diffs
}

// compareWorkoutPoints reports the pair's workouts whose stored points
// differ from the points the ranking rules give them, in record id order.
func compareWorkoutPoints(s memberState) []Finding {
	workouts := slices.Clone(s.workouts)
	slices.SortFunc(workouts, func(a, b workout.Workout) int { return bytes.Compare(a.ID[:], b.ID[:]) })

	var findings []Finding
	for _, w := range workouts {
		want := s.expected.WorkoutPoints[w.ID]
		if w.Points == want {
			continue
		}
		findings = append(findings, checkInFinding(KindWorkoutPointsDrift, s.key, w.ID,
			fmt.Sprintf("workout points %d, expected %d", w.Points, want)))
	}
	return findings
}

func checkInFinding(kind Kind, key MemberKey, workoutID uuid.UUID, detail string) Finding {
	return Finding{Kind: kind, WorkoutID: workoutID, UserID: key.UserID, ChallengeID: key.ChallengeID, Detail: detail}
}

// unionDays returns the days of both maps, oldest first.
func unionDays(stored map[workout.LocalDate][]ranking.CheckIn, expected map[workout.LocalDate]ranking.CheckIn) []workout.LocalDate {
	days := make([]workout.LocalDate, 0, len(stored)+len(expected))
	for day := range stored {
		days = append(days, day)
	}
	for day := range expected {
		if _, ok := stored[day]; !ok {
			days = append(days, day)
		}
	}
	slices.SortFunc(days, func(a, b workout.LocalDate) int {
		switch {
		case a.Before(b):
			return -1
		case b.Before(a):
			return 1
		}
		return 0
	})
	return days
}
