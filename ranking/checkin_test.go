package ranking

import (
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestCheckInID(t *testing.T) {
	t.Parallel()

	day := workout.LocalDate{Year: 2025, Month: 6, Day: 2}
	id := CheckInID(testChallengeID, testUserID, day)

	require.Equal(t, id, CheckInID(testChallengeID, testUserID, day))
	require.Equal(t, uuid.Version(5), id.Version())
	require.Equal(t, "5536a606-10ce-5bac-b10e-a9f987c85202", id.String(), "stored check-ins depend on this id")
	require.NotEqual(t, id, CheckInID(testChallengeID, testUserID, day.AddDays(1)))
	require.NotEqual(t, id, CheckInID(uuid.New(), testUserID, day))
	require.NotEqual(t, id, CheckInID(testChallengeID, uuid.New(), day))
}
