package ranking

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// Evaluate derives everything the ranking stores for one user in one
// challenge (check-ins, progress and the points of each workout) from the
// user's stored workouts recorded for the challenge. It reads no storage
// and depends only on its arguments, so running it again, with the
// workouts in any order, gives the same result.
//
// participant is the user's row in the challenge, nil when there is none.
// profile gives the user id and the name and photo copied into the
// check-ins and the progress; an empty name becomes
// workout.DefaultDisplayName. now decides which local day is today.
//
// A workout qualifies when the user is a member, its local day in the
// challenge's zone lies inside the window and is not after today, and it
// lasts at least the challenge's minimum (see Rules.Qualify). Each local day
// with qualifying workouts gets one check-in, owned by the workout that
// happened first. Ties go to the workout created first, then to the lowest
// record id in byte order. Every other workout earns 0 points. A user who
// is not a member gets no check-ins and zero progress figures.
//
// Evaluate fails when the challenge's zone is unknown, or when the
// arguments name more than one user.
func Evaluate(ch Challenge, participant *Participant, profile workout.Profile, workouts []workout.Workout, now time.Time) (UserResult, error) {
	rules, err := NewRules(ch, now)
	if err != nil {
		return UserResult{}, fmt.Errorf("evaluate %w", err)
	}

	userID, err := resultUserID(participant, profile, workouts)
	if err != nil {
		return UserResult{}, fmt.Errorf("evaluate challenge %s: %w", ch.ID, err)
	}
	profile.ID = userID
	if profile.Name == "" {
		profile.Name = workout.DefaultDisplayName
	}

	workouts = uniqueWorkouts(workouts)
	member := participant != nil && participant.IsMember()
	checkIns := buildCheckIns(ch.ID, profile, rules, checkInOwners(rules, workouts, member))

	return UserResult{
		ChallengeID:   ch.ID,
		UserID:        userID,
		Member:        member,
		CheckIns:      checkIns,
		Progress:      buildProgress(ch.ID, profile, rules, checkIns, workoutsInWindow(rules, workouts, member), now),
		WorkoutPoints: workoutPoints(workouts, checkIns),
	}, nil
}

// resultUserID returns the user the arguments of Evaluate describe: the
// profile's id, else the participant's. Every argument that names a user
// must name that one.
func resultUserID(participant *Participant, profile workout.Profile, workouts []workout.Workout) (uuid.UUID, error) {
	userID := profile.ID
	if participant != nil {
		if userID != uuid.Nil && participant.UserID != userID {
			return uuid.Nil, fmt.Errorf("participant user %s differs from profile %s", participant.UserID, userID)
		}
		userID = participant.UserID
	}
	if userID == uuid.Nil {
		return uuid.Nil, fmt.Errorf("missing user id: profile.ID and participant are both empty")
	}

	for _, w := range workouts {
		if w.UserID != userID {
			return uuid.Nil, fmt.Errorf("workout %s belongs to user %s, not %s", w.ID, w.UserID, userID)
		}
	}
	return userID, nil
}

// uniqueWorkouts drops repeated record ids, keeping the first occurrence.
func uniqueWorkouts(workouts []workout.Workout) []workout.Workout {
	seen := make(map[uuid.UUID]bool, len(workouts))
	unique := make([]workout.Workout, 0, len(workouts))
	for _, w := range workouts {
		if seen[w.ID] {
			continue
		}
		seen[w.ID] = true
		unique = append(unique, w)
	}
	return unique
}

// checkInOwners returns, for each local day with a qualifying workout, the
// workout that owns the day's check-in.
func checkInOwners(rules Rules, workouts []workout.Workout, member bool) map[workout.LocalDate]workout.Workout {
	owners := make(map[workout.LocalDate]workout.Workout)
	for _, w := range workouts {
		day, err := rules.Qualify(w, member)
		if err != nil {
			continue
		}
		if current, ok := owners[day]; !ok || ownsBefore(w, current) {
			owners[day] = w
		}
	}
	return owners
}

// ownsBefore reports whether a takes a day's check-in ahead of b: it
// happened first, else it was created first, else its id is lower.
func ownsBefore(a, b workout.Workout) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return bytes.Compare(a.ID[:], b.ID[:]) < 0
}

// buildCheckIns turns the day owners into check-ins, oldest day first.
func buildCheckIns(challengeID uuid.UUID, profile workout.Profile, rules Rules, owners map[workout.LocalDate]workout.Workout) []CheckIn {
	checkIns := make([]CheckIn, 0, len(owners))
	for day, w := range owners {
		checkIns = append(checkIns, CheckIn{
			ID:              CheckInID(challengeID, profile.ID, day),
			ChallengeID:     challengeID,
			UserID:          profile.ID,
			Day:             day,
			CheckInAt:       w.Date,
			Points:          rules.PointsPerCheckIn,
			WorkoutID:       w.ID,
			WorkoutName:     w.Name,
			WorkoutType:     w.Type,
			DurationMinutes: w.DurationMinutes,
			UserName:        profile.Name,
			UserPhotoURL:    profile.PhotoURL,
		})
	}

	sort.Slice(checkIns, func(i, j int) bool { return checkIns[i].Day.Before(checkIns[j].Day) })
	return checkIns
}

// workoutsInWindow counts a member's workouts whose local day is inside
// the window, whether or not they earned a check-in.
func workoutsInWindow(rules Rules, workouts []workout.Workout, member bool) int {
	if !member {
		return 0
	}
	count := 0
	for _, w := range workouts {
		if rules.InWindow(rules.Day(w.Date)) {
			count++
		}
	}
	return count
}

// workoutPoints maps every workout to the points it earned: the check-in
// points for a day's owner, else 0.
func workoutPoints(workouts []workout.Workout, checkIns []CheckIn) map[uuid.UUID]int {
	points := make(map[uuid.UUID]int, len(workouts))
	for _, w := range workouts {
		points[w.ID] = 0
	}
	for _, c := range checkIns {
		points[c.WorkoutID] = c.Points
	}
	return points
}
