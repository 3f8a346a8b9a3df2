package pgstore_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// BenchmarkInsertWorkout records workouts one call at a time, each a
// transaction with its queue row and two jobs.
func BenchmarkInsertWorkout(b *testing.B) {
	s, _ := newStore(b)
	userID := uuid.New()

	b.ResetTimer()
	for b.Loop() {
		_, _, err := s.InsertWorkout(b.Context(), insertRequest(newWorkout(userID), baseTime))
		require.NoError(b, err)
	}
}

// BenchmarkInsertWorkoutParallel records workouts from GOMAXPROCS
// goroutines.
func BenchmarkInsertWorkoutParallel(b *testing.B) {
	s, _ := newStore(b)

	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		userID := uuid.New()
		for pb.Next() {
			_, _, err := s.InsertWorkout(b.Context(), insertRequest(newWorkout(userID), baseTime))
			require.NoError(b, err)
		}
	})
}

// BenchmarkClaimAndComplete claims jobs 100 at a time and completes each.
func BenchmarkClaimAndComplete(b *testing.B) {
	s, _ := newStore(b)
	for range b.N {
		req := workout.InsertRequest{Workout: newWorkout(uuid.New()), Stages: []string{workout.StageRanking}, Now: baseTime}
		_, _, err := s.InsertWorkout(b.Context(), req)
		require.NoError(b, err)
	}

	b.ResetTimer()
	for completed := 0; completed < b.N; {
		jobs, err := s.ClaimJobs(b.Context(), workout.ClaimRequest{
			Owner: "bench", Stages: []string{workout.StageRanking}, Limit: 100, Now: baseTime, Lease: time.Minute,
		})
		require.NoError(b, err)
		require.NotEmpty(b, jobs)
		for _, job := range jobs {
			require.NoError(b, s.CompleteJob(b.Context(), job, baseTime))
		}
		completed += len(jobs)
	}
}
