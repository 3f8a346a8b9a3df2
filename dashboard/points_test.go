package dashboard

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// june2025 returns a challenge covering 1 to 21 June 2025 in Sao Paulo
// with the default rules (10 points per check-in, 45 minutes minimum).
func june2025() ranking.Challenge {
	return ranking.Challenge{
		ID:        uuid.New(),
		Title:     "21 dias",
		StartDate: spTime(2025, time.June, 1, 0, 0),
		EndDate:   spTime(2025, time.June, 21, 0, 0),
		Active:    true,
	}
}

func member(ch ranking.Challenge, userID uuid.UUID, status ranking.ParticipantStatus) Membership {
	return Membership{
		Challenge:   ch,
		Participant: ranking.Participant{ChallengeID: ch.ID, UserID: userID, Status: status},
	}
}

// inChallenge returns a workout of the user recorded for ch.
func inChallenge(ch ranking.Challenge, userID uuid.UUID, date time.Time, minutes int) workout.Workout {
	w := newWorkout(userID, date, minutes, "Run")
	w.ChallengeID = ch.ID
	return w
}

func TestComputePointsFromCheckInsOnly(t *testing.T) {
	t.Parallel()
	now := spTime(2025, time.June, 10, 12, 0)

	tests := []struct {
		name         string
		build        func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership)
		wantPoints   int
		wantCheckIns int
	}{
		{
			name: "qualifying workout",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{inChallenge(ch, userID, spTime(2025, time.June, 9, 7, 0), 45)},
					[]Membership{member(ch, userID, ranking.StatusActive)}
			},
			wantPoints:   10,
			wantCheckIns: 1,
		},
		{
			name: "30-minute workout adds none",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{inChallenge(ch, userID, spTime(2025, time.June, 9, 7, 0), 30)},
					[]Membership{member(ch, userID, ranking.StatusActive)}
			},
		},
		{
			name: "second workout of a day adds none",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{
						inChallenge(ch, userID, spTime(2025, time.June, 9, 7, 0), 50),
						inChallenge(ch, userID, spTime(2025, time.June, 9, 19, 0), 60),
					},
					[]Membership{member(ch, userID, ranking.StatusActive)}
			},
			wantPoints:   10,
			wantCheckIns: 1,
		},
		{
			name: "non-member adds none",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{inChallenge(ch, userID, spTime(2025, time.June, 9, 7, 0), 60)}, nil
			},
		},
		{
			name: "dropped participant adds none",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{inChallenge(ch, userID, spTime(2025, time.June, 9, 7, 0), 60)},
					[]Membership{member(ch, userID, ranking.StatusDropped)}
			},
		},
		{
			name: "workout before the window adds none",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{inChallenge(ch, userID, spTime(2025, time.May, 31, 23, 30), 60)},
					[]Membership{member(ch, userID, ranking.StatusActive)}
			},
		},
		{
			name: "workout without a challenge adds none",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{newWorkout(userID, spTime(2025, time.June, 9, 7, 0), 60, "Run")},
					[]Membership{member(ch, userID, ranking.StatusActive)}
			},
		},
		{
			name: "one check-in per day",
			build: func(ch ranking.Challenge, userID uuid.UUID) ([]workout.Workout, []Membership) {
				return []workout.Workout{
						inChallenge(ch, userID, spTime(2025, time.June, 7, 7, 0), 45),
						inChallenge(ch, userID, spTime(2025, time.June, 8, 7, 0), 44),
						inChallenge(ch, userID, spTime(2025, time.June, 8, 23, 30), 50),
						inChallenge(ch, userID, spTime(2025, time.June, 9, 7, 0), 90),
					},
					[]Membership{member(ch, userID, ranking.StatusActive)}
			},
			wantPoints:   30,
			wantCheckIns: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			userID := uuid.New()
			workouts, memberships := tt.build(june2025(), userID)

			d, err := Compute(userID, workout.DefaultProfile(userID), workouts, memberships, now)
			require.NoError(t, err)

			require.Equal(t, tt.wantPoints, d.TotalPoints, "points")
			require.Equal(t, tt.wantCheckIns, d.TotalCheckIns, "check-ins")
			require.Equal(t, len(workouts), d.TotalWorkouts, "every workout counts in the totals")
		})
	}
}

func TestComputePointsAcrossChallenges(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	now := spTime(2025, time.June, 10, 12, 0)

	daily := june2025()
	daily.PointsPerCheckIn = 50
	short := june2025()
	short.MinCheckIns = 2
	short.MinDurationMinutes = 20
	other := june2025()

	workouts := []workout.Workout{
		inChallenge(daily, userID, spTime(2025, time.June, 7, 7, 0), 60),
		inChallenge(daily, userID, spTime(2025, time.June, 8, 7, 0), 60),
		inChallenge(daily, userID, spTime(2025, time.June, 9, 7, 0), 60),
		inChallenge(short, userID, spTime(2025, time.June, 8, 18, 0), 25),
		inChallenge(short, userID, spTime(2025, time.June, 9, 18, 0), 25),
		inChallenge(other, userID, spTime(2025, time.June, 9, 18, 0), 90),
	}
	memberships := []Membership{
		member(daily, userID, ranking.StatusActive),
		member(short, userID, ranking.StatusCompleted),
	}

	d, err := Compute(userID, workout.DefaultProfile(userID), workouts, memberships, now)
	require.NoError(t, err)

	require.Equal(t, 3*50+2*10, d.TotalPoints)
	require.Equal(t, 5, d.TotalCheckIns)
	require.Equal(t, 1, d.ChallengesCompleted, "only the challenge needing 2 check-ins is complete")
	require.Equal(t, 2, d.Level, "170 points")
}

func TestComputeLevel(t *testing.T) {
	t.Parallel()

	tests := []struct {
		checkIns  int
		perDay    int
		wantLevel int
	}{
		{0, 10, 1},
		{9, 10, 1},
		{1, 100, 2},
		{5, 99, 5},
		{7, 100, 8},
	}
	for _, tt := range tests {
		userID := uuid.New()
		ch := june2025()
		ch.PointsPerCheckIn = tt.perDay
		var workouts []workout.Workout
		for day := 1; day <= tt.checkIns; day++ {
			workouts = append(workouts, inChallenge(ch, userID, spTime(2025, time.June, day, 7, 0), 60))
		}

		d, err := Compute(userID, workout.DefaultProfile(userID), workouts,
			[]Membership{member(ch, userID, ranking.StatusActive)}, spTime(2025, time.June, 10, 12, 0))
		require.NoError(t, err)

		require.Equal(t, tt.checkIns*tt.perDay, d.TotalPoints)
		require.Equal(t, tt.wantLevel, d.Level, "%d points", d.TotalPoints)
	}
}

func TestComputeRankingError(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	ch := june2025()
	ch.TimeZone = "Nowhere/Unknown"

	_, err := Compute(userID, workout.DefaultProfile(userID), nil,
		[]Membership{member(ch, userID, ranking.StatusActive)}, spTime(2025, time.June, 10, 12, 0))
	require.Error(t, err)
	require.Contains(t, err.Error(), ch.ID.String())
}
