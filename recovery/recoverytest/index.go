package recoverytest

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/workout"
)

var indexTests = []testCase{
	{"RankingKeysListsEveryPair", func(t *testing.T, h Harness) {
		s := h.Store
		ch := ranking.Challenge{
			ID: uuid.New(), Title: "21 dias", Active: true,
			StartDate: baseTime.AddDate(0, 0, -10), EndDate: baseTime.AddDate(0, 0, 10),
		}
		require.NoError(t, s.SaveChallenge(t.Context(), ch))
		member, dropped, ranked := uuid.New(), uuid.New(), uuid.New()
		for userID, status := range map[uuid.UUID]ranking.ParticipantStatus{member: ranking.StatusActive, dropped: ranking.StatusDropped} {
			require.NoError(t, s.SaveParticipant(t.Context(), ranking.Participant{
				ChallengeID: ch.ID, UserID: userID, Status: status, JoinedAt: baseTime,
			}))
		}
		// ranked has a progress row and no participant row.
		require.NoError(t, s.SaveUserResult(t.Context(), ranking.UserResult{
			ChallengeID: ch.ID, UserID: ranked, Member: true,
			Progress: ranking.Progress{ChallengeID: ch.ID, UserID: ranked, UserName: "Ana"},
		}, baseTime))

		keys, err := s.RankingKeys(t.Context(), time.Time{})
		require.NoError(t, err)
		want := []recovery.MemberKey{
			{ChallengeID: ch.ID, UserID: member},
			{ChallengeID: ch.ID, UserID: dropped},
			{ChallengeID: ch.ID, UserID: ranked},
		}
		slices.SortFunc(want, func(a, b recovery.MemberKey) int { return bytes.Compare(a.UserID[:], b.UserID[:]) })
		require.Equal(t, want, keys)

		insert(t, s, newWorkout(dropped, uuid.Nil), baseTime.Add(time.Hour), workout.StageDashboard)
		keys, err = s.RankingKeys(t.Context(), baseTime.Add(time.Hour))
		require.NoError(t, err)
		require.Equal(t, []recovery.MemberKey{{ChallengeID: ch.ID, UserID: dropped}}, keys,
			"since keeps the users with a newer workout")
	}},
	{"DashboardUsersListsStoredDashboards", func(t *testing.T, h Harness) {
		s := h.Store
		users := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
		for _, userID := range users[:2] {
			require.NoError(t, s.SaveDashboard(t.Context(), dashboard.Dashboard{
				UserID: userID, TimeZone: workout.DefaultTimeZone, Level: 1,
				ComputedFor: workout.LocalDateOf(baseTime, time.UTC), WorkoutsByType: map[string]int{}, UpdatedAt: baseTime,
			}))
		}
		insert(t, s, newWorkout(users[1], uuid.Nil), baseTime.Add(time.Hour), workout.StageDashboard)
		insert(t, s, newWorkout(users[2], uuid.Nil), baseTime.Add(time.Hour), workout.StageDashboard)

		found, err := s.DashboardUsers(t.Context(), time.Time{})
		require.NoError(t, err)
		want := slices.Clone(users[:2])
		slices.SortFunc(want, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
		require.Equal(t, want, found)

		found, err = s.DashboardUsers(t.Context(), baseTime.Add(time.Hour))
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{users[1]}, found, "since keeps the users with a newer workout")
	}},
}
