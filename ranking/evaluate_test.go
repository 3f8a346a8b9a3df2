package ranking

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var (
	testUserID      = uuid.MustParse("00000000-0000-0000-0000-0000000000aa")
	testChallengeID = uuid.MustParse("00000000-0000-0000-0000-0000000000cc")
	saoPaulo        = mustZone("America/Sao_Paulo")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// spTime parses a Sao Paulo wall-clock time such as "2025-06-02 22:30".
func spTime(t *testing.T, value string) time.Time {
	t.Helper()
	parsed, err := time.ParseInLocation("2006-01-02 15:04", value, saoPaulo)
	require.NoError(t, err)
	return parsed
}

// testChallenge is a 21-day challenge from 1 to 21 June 2025 in Sao Paulo
// with the default rules.
func testChallenge(t *testing.T) Challenge {
	return Challenge{
		ID:        testChallengeID,
		Title:     "21 dias",
		StartDate: spTime(t, "2025-06-01 00:00"),
		EndDate:   spTime(t, "2025-06-21 23:59"),
		TimeZone:  "America/Sao_Paulo",
	}
}

func activeParticipant() *Participant {
	return &Participant{ChallengeID: testChallengeID, UserID: testUserID, Status: StatusActive}
}

func testProfile() workout.Profile {
	return workout.Profile{ID: testUserID, Name: "Ana", PhotoURL: "https://example.test/ana.jpg"}
}

// workoutID returns a record id whose last byte is n, so ids sort by n.
func workoutID(n byte) uuid.UUID {
	return uuid.UUID{0x10, 15: n}
}

// testWorkout builds workout n of the test user at a Sao Paulo wall-clock
// time, created at the same instant.
func testWorkout(t *testing.T, n byte, local string, minutes int) workout.Workout {
	date := spTime(t, local)
	return workout.Workout{
		ID:              workoutID(n),
		UserID:          testUserID,
		Name:            "Corrida",
		Type:            "Run",
		Date:            date,
		DurationMinutes: minutes,
		ChallengeID:     testChallengeID,
		CreatedAt:       date,
	}
}

func TestEvaluateRules(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name          string
		challenge     func(*Challenge)
		participant   *Participant
		noParticipant bool
		workouts      []workout.Workout
		now           string
		wantDays      []string
		wantPoints    map[byte]int
	}{
		{
			name:       "duration 45 counts 44 does not",
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 45), testWorkout(t, 2, "2025-06-03 08:00", 44)},
			wantDays:   []string{"2025-06-02"},
			wantPoints: map[byte]int{1: 10, 2: 0},
		},
		{
			name:       "short workout earns no points",
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 20)},
			wantPoints: map[byte]int{1: 0},
		},
		{
			name:          "non-member earns no points",
			noParticipant: true,
			workouts:      []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 60)},
			wantPoints:    map[byte]int{1: 0},
		},
		{
			name:        "dropped participant earns no points",
			participant: &Participant{ChallengeID: testChallengeID, UserID: testUserID, Status: StatusDropped},
			workouts:    []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 60)},
			wantPoints:  map[byte]int{1: 0},
		},
		{
			name:        "completed participant still earns",
			participant: &Participant{ChallengeID: testChallengeID, UserID: testUserID, Status: StatusCompleted},
			workouts:    []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 60)},
			wantDays:    []string{"2025-06-02"},
			wantPoints:  map[byte]int{1: 10},
		},
		{
			name:       "second workout of day earns no points",
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 60), testWorkout(t, 2, "2025-06-02 18:00", 90)},
			wantDays:   []string{"2025-06-02"},
			wantPoints: map[byte]int{1: 10, 2: 0},
		},
		{
			name:       "22:30 local counts for local day not UTC day",
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-02 22:30", 60)},
			wantDays:   []string{"2025-06-02"},
			wantPoints: map[byte]int{1: 10},
		},
		{
			name: "00:00 to 02:59 local stay on their own day",
			workouts: []workout.Workout{
				testWorkout(t, 1, "2025-06-02 22:30", 60),
				testWorkout(t, 2, "2025-06-03 00:30", 60),
				testWorkout(t, 3, "2025-06-04 00:00", 60),
				testWorkout(t, 4, "2025-06-05 02:59", 60),
			},
			wantDays:   []string{"2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"},
			wantPoints: map[byte]int{1: 10, 2: 10, 3: 10, 4: 10},
		},
		{
			name: "five identical workouts give one check-in",
			workouts: []workout.Workout{
				testWorkout(t, 5, "2025-06-02 08:00", 60),
				testWorkout(t, 3, "2025-06-02 08:00", 60),
				testWorkout(t, 1, "2025-06-02 08:00", 60),
				testWorkout(t, 4, "2025-06-02 08:00", 60),
				testWorkout(t, 2, "2025-06-02 08:00", 60),
			},
			wantDays:   []string{"2025-06-02"},
			wantPoints: map[byte]int{1: 10, 2: 0, 3: 0, 4: 0, 5: 0},
		},
		{
			name: "check-in before start rejected",
			// 23:30 on 31 May in Sao Paulo is 02:30 UTC on 1 June, so a
			// UTC day key would accept it.
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-05-31 23:30", 60), testWorkout(t, 2, "2025-06-01 00:10", 60)},
			wantDays:   []string{"2025-06-01"},
			wantPoints: map[byte]int{1: 0, 2: 10},
		},
		{
			name:       "check-in after end rejected",
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-21 23:30", 60), testWorkout(t, 2, "2025-06-22 00:30", 60)},
			wantDays:   []string{"2025-06-21"},
			wantPoints: map[byte]int{1: 10, 2: 0},
		},
		{
			name: "window bounds are local days",
			challenge: func(c *Challenge) {
				// Bounds at odd hours: only their calendar dates count.
				c.StartDate = spTime(t, "2025-06-01 23:00")
				c.EndDate = spTime(t, "2025-06-21 01:00")
			},
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-01 06:00", 60), testWorkout(t, 2, "2025-06-21 22:00", 60)},
			wantDays:   []string{"2025-06-01", "2025-06-21"},
			wantPoints: map[byte]int{1: 10, 2: 10},
		},
		{
			name:       "future day earns nothing",
			now:        "2025-06-10 12:00",
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-10 23:00", 60), testWorkout(t, 2, "2025-06-11 00:30", 60)},
			wantDays:   []string{"2025-06-10"},
			wantPoints: map[byte]int{1: 10, 2: 0},
		},
		{
			name:       "custom points and minimum",
			challenge:  func(c *Challenge) { c.PointsPerCheckIn = 25; c.MinDurationMinutes = 30 },
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-02 08:00", 30), testWorkout(t, 2, "2025-06-03 08:00", 29)},
			wantDays:   []string{"2025-06-02"},
			wantPoints: map[byte]int{1: 25, 2: 0},
		},
		{
			name:      "other zone uses its own days",
			challenge: func(c *Challenge) { c.TimeZone = "Asia/Tokyo" },
			// 22:30 in Sao Paulo on 2 June is 10:30 on 3 June in Tokyo.
			workouts:   []workout.Workout{testWorkout(t, 1, "2025-06-02 22:30", 60)},
			wantDays:   []string{"2025-06-03"},
			wantPoints: map[byte]int{1: 10},
		},
		{
			name: "daylight saving before 2019 uses zone database",
			challenge: func(c *Challenge) {
				c.StartDate = spTime(t, "2018-12-01 00:00")
				c.EndDate = spTime(t, "2018-12-21 23:59")
			},
			// Sao Paulo was UTC-2 in December 2018: 02:30 UTC on 10 December
			// is 00:30 on 10 December, where a fixed UTC-3 gives 9 December.
			workouts: []workout.Workout{
				utcWorkout(t, 1, "2018-12-10T01:30:00Z", 60),
				utcWorkout(t, 2, "2018-12-10T02:30:00Z", 60),
			},
			now:        "2019-01-05 12:00",
			wantDays:   []string{"2018-12-09", "2018-12-10"},
			wantPoints: map[byte]int{1: 10, 2: 10},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ch := testChallenge(t)
			if tt.challenge != nil {
				tt.challenge(&ch)
			}
			participant := tt.participant
			if participant == nil && !tt.noParticipant {
				participant = activeParticipant()
			}
			now := spTime(t, "2025-06-30 12:00")
			if tt.now != "" {
				now = spTime(t, tt.now)
			}

			result, err := Evaluate(ch, participant, testProfile(), tt.workouts, now)
			require.NoError(t, err)

			days := []string{}
			for _, c := range result.CheckIns {
				days = append(days, c.Day.String())
			}
			require.Equal(t, append([]string{}, tt.wantDays...), days)

			wantPoints := make(map[uuid.UUID]int, len(tt.wantPoints))
			for n, points := range tt.wantPoints {
				wantPoints[workoutID(n)] = points
			}
			require.Equal(t, wantPoints, result.WorkoutPoints)
			wantTotal := 0
			for _, points := range tt.wantPoints {
				wantTotal += points
			}
			require.Equal(t, wantTotal, result.Progress.Points)
			require.Equal(t, len(tt.wantDays), result.Progress.CheckIns)
		})
	}
}

func utcWorkout(t *testing.T, n byte, instant string, minutes int) workout.Workout {
	date, err := time.Parse(time.RFC3339, instant)
	require.NoError(t, err)
	w := testWorkout(t, n, "2025-06-02 08:00", minutes)
	w.Date = date
	w.CreatedAt = date
	return w
}

func TestEvaluateDeletedOwnerHandsOverDay(t *testing.T) {
	t.Parallel()

	first := testWorkout(t, 1, "2025-06-02 07:00", 60)
	second := testWorkout(t, 2, "2025-06-02 19:00", 50)
	short := testWorkout(t, 3, "2025-06-02 06:00", 20)
	now := spTime(t, "2025-06-30 12:00")

	all, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), []workout.Workout{first, second, short}, now)
	require.NoError(t, err)
	require.Len(t, all.CheckIns, 1)
	require.Equal(t, first.ID, all.CheckIns[0].WorkoutID)

	withoutFirst, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), []workout.Workout{second, short}, now)
	require.NoError(t, err)
	require.Len(t, withoutFirst.CheckIns, 1)
	require.Equal(t, second.ID, withoutFirst.CheckIns[0].WorkoutID)
	require.Equal(t, all.CheckIns[0].ID, withoutFirst.CheckIns[0].ID, "a recomputed check-in keeps its id")
	require.Equal(t, second.Date, withoutFirst.CheckIns[0].CheckInAt)
	require.Equal(t, 10, withoutFirst.WorkoutPoints[second.ID])

	onlyShort, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), []workout.Workout{short}, now)
	require.NoError(t, err)
	require.Empty(t, onlyShort.CheckIns)
	require.Equal(t, map[uuid.UUID]int{short.ID: 0}, onlyShort.WorkoutPoints)
	require.Zero(t, onlyShort.Progress.Points)
	require.Nil(t, onlyShort.Progress.LastCheckIn)
}

func TestEvaluateArrivalOrderIrrelevant(t *testing.T) {
	t.Parallel()

	workouts := []workout.Workout{
		testWorkout(t, 1, "2025-06-02 07:00", 60),
		testWorkout(t, 2, "2025-06-02 07:00", 60),
		testWorkout(t, 3, "2025-06-02 05:00", 30),
		testWorkout(t, 4, "2025-06-03 23:50", 45),
		testWorkout(t, 5, "2025-06-04 00:10", 90),
		testWorkout(t, 6, "2025-06-04 00:10", 90),
		testWorkout(t, 7, "2025-06-20 12:00", 60),
		testWorkout(t, 8, "2025-06-23 12:00", 60),
	}
	// Workout 6 was created first, so it owns 4 June despite its higher id.
	workouts[5].CreatedAt = workouts[5].CreatedAt.Add(-time.Minute)
	now := spTime(t, "2025-06-30 12:00")

	inOrder, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), workouts, now)
	require.NoError(t, err)
	require.Equal(t, workoutID(6), inOrder.CheckIns[2].WorkoutID)

	shuffler := rand.New(rand.NewPCG(1, 2))
	for range 10 {
		shuffled := append([]workout.Workout{}, workouts...)
		shuffler.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })

		result, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), shuffled, now)
		require.NoError(t, err)
		require.Equal(t, inOrder, result)
	}
}

func TestEvaluateManyWorkoutsPerDay(t *testing.T) {
	t.Parallel()

	// One user with 25 workouts on each of 17 days: the legacy system
	// stored hundreds of check-ins for such a user.
	var workouts []workout.Workout
	start := spTime(t, "2025-06-01 05:00")
	for day := range 17 {
		for i := range 25 {
			date := start.AddDate(0, 0, day).Add(time.Duration(i) * 30 * time.Minute)
			workouts = append(workouts, workout.Workout{
				ID: uuid.New(), UserID: testUserID, Name: "Corrida", Type: "Run",
				Date: date, DurationMinutes: 60, ChallengeID: testChallengeID, CreatedAt: date,
			})
		}
	}

	result, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), workouts, spTime(t, "2025-06-30 12:00"))
	require.NoError(t, err)
	require.Len(t, result.CheckIns, 17)
	require.Equal(t, 170, result.Progress.Points)
	require.Equal(t, 17, result.Progress.ConsecutiveDays)
	require.Equal(t, 17*25, result.Progress.WorkoutsInWindow)
	require.Len(t, result.WorkoutPoints, 17*25)
}

func TestEvaluateRepeatedRecordID(t *testing.T) {
	t.Parallel()

	w := testWorkout(t, 1, "2025-06-02 08:00", 60)
	result, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), []workout.Workout{w, w}, spTime(t, "2025-06-30 12:00"))
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID]int{w.ID: 10}, result.WorkoutPoints)
	require.Equal(t, 1, result.Progress.WorkoutsInWindow)
}

func TestEvaluateErrors(t *testing.T) {
	t.Parallel()

	now := spTime(t, "2025-06-30 12:00")
	w := testWorkout(t, 1, "2025-06-02 08:00", 60)

	t.Run("unknown zone", func(t *testing.T) {
		ch := testChallenge(t)
		ch.TimeZone = "America/Atlantis"
		_, err := Evaluate(ch, activeParticipant(), testProfile(), []workout.Workout{w}, now)
		require.ErrorContains(t, err, "America/Atlantis")
	})

	t.Run("workout of another user", func(t *testing.T) {
		other := w
		other.UserID = uuid.New()
		_, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), []workout.Workout{other}, now)
		require.ErrorContains(t, err, other.UserID.String())
	})

	t.Run("participant of another user", func(t *testing.T) {
		participant := activeParticipant()
		participant.UserID = uuid.New()
		_, err := Evaluate(testChallenge(t), participant, testProfile(), nil, now)
		require.ErrorContains(t, err, participant.UserID.String())
	})

	t.Run("no user id", func(t *testing.T) {
		_, err := Evaluate(testChallenge(t), nil, workout.Profile{}, nil, now)
		require.ErrorContains(t, err, "missing user id")
	})
}
