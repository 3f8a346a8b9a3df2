package pgstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/stretchr/testify/require"
)

// resultFor returns a member's result whose ranking keys depend on i and
// round, with ties between some users.
func resultFor(challengeID, userID uuid.UUID, i, round int) ranking.UserResult {
	lastCheckIn := baseTime.Add(-time.Duration(i%4) * time.Hour)
	return ranking.UserResult{
		ChallengeID: challengeID,
		UserID:      userID,
		Member:      true,
		Progress: ranking.Progress{
			Points:           10 * ((i + round) % 7),
			CheckIns:         (i + round) % 7,
			LastCheckIn:      &lastCheckIn,
			WorkoutsInWindow: i % 3,
			UserName:         "Atleta",
		},
	}
}

// TestConcurrentResultsAndRefreshes saves the results of 50 users of one
// challenge and refreshes its positions from many goroutines on two pools
// at once, and checks that nothing deadlocks and that the final positions
// are those ranking.Rank gives.
func TestConcurrentResultsAndRefreshes(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)
	ctx := t.Context()
	challengeID := uuid.New()

	const users = 50
	userIDs := make([]uuid.UUID, users)
	for i := range userIDs {
		userIDs[i] = uuid.New()
		status := ranking.StatusActive
		if i%10 == 9 {
			status = ranking.StatusDropped
		}
		require.NoError(t, first.SaveParticipant(ctx, ranking.Participant{
			ChallengeID: challengeID, UserID: userIDs[i], Status: status, JoinedAt: baseTime,
		}))
	}

	start := make(chan struct{})
	errs := make([]error, users)
	var wg sync.WaitGroup
	for i, userID := range userIDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := []*pgstore.Store{first, second}[i%2]
			<-start
			for round := range 3 {
				if err := s.SaveUserResult(ctx, resultFor(challengeID, userID, i, round), baseTime); err != nil {
					errs[i] = err
					return
				}
				if err := s.RefreshPositions(ctx, challengeID, baseTime); err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "user %d", i)
	}

	var members []ranking.Progress
	for i, userID := range userIDs {
		progress, err := first.UserProgress(ctx, challengeID, userID)
		require.NoError(t, err)
		if i%10 == 9 {
			require.Zero(t, progress.Position, "dropped user %d has no position", i)
			continue
		}
		members = append(members, progress)
	}
	expected := ranking.Rank(members)
	for _, progress := range members {
		require.Equal(t, expected[progress.UserID], progress.Position, "user %s", progress.UserID)
	}

	stale, err := first.StaleChallenges(ctx)
	require.NoError(t, err)
	require.Empty(t, stale, "the last refresh saw every saved result")
}

func TestRefreshPositionsCompetitionRanking(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	challengeID := uuid.New()
	early := baseTime.Add(-time.Hour)

	rows := []struct {
		name     string
		points   int
		workouts int
		last     *time.Time
		position int
	}{
		{"A", 100, 15, &baseTime, 1},
		{"B", 100, 12, &early, 2},
		{"C", 100, 12, &early, 2},
		{"D", 90, 20, &early, 4},
		{"E", 90, 20, nil, 5},
	}
	ids := map[string]uuid.UUID{}
	for _, row := range rows {
		ids[row.name] = uuid.New()
		require.NoError(t, s.SaveParticipant(ctx, ranking.Participant{ChallengeID: challengeID, UserID: ids[row.name], Status: ranking.StatusActive}))
		require.NoError(t, s.SaveUserResult(ctx, ranking.UserResult{
			ChallengeID: challengeID, UserID: ids[row.name], Member: true,
			Progress: ranking.Progress{Points: row.points, WorkoutsInWindow: row.workouts, LastCheckIn: row.last},
		}, baseTime))
	}

	stale, err := s.StaleChallenges(ctx)
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{challengeID}, stale)
	require.NoError(t, s.RefreshPositions(ctx, challengeID, baseTime))

	for _, row := range rows {
		progress, err := s.UserProgress(ctx, challengeID, ids[row.name])
		require.NoError(t, err)
		require.Equal(t, row.position, progress.Position, "user %s", row.name)
	}
	ranked, err := s.Ranking(ctx, challengeID)
	require.NoError(t, err)
	require.Len(t, ranked, len(rows))
	require.Equal(t, ids["A"], ranked[0].UserID)

	stale, err = s.StaleChallenges(ctx)
	require.NoError(t, err)
	require.Empty(t, stale)
}
