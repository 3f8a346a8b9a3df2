package memstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// SaveChallenge creates or replaces a challenge.
func (s *Store) SaveChallenge(ctx context.Context, c ranking.Challenge) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.challenges[c.ID] = storedChallenge(c)
	return nil
}

// Challenge returns the challenge with the given id, or an error wrapping
// storage.ErrNotFound.
func (s *Store) Challenge(ctx context.Context, id uuid.UUID) (ranking.Challenge, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	c, ok := s.challenges[id]
	if !ok {
		return ranking.Challenge{}, fmt.Errorf("challenge %s: %w", id, storage.ErrNotFound)
	}
	return c, nil
}

// SaveParticipant creates or replaces the user's participant row in the
// challenge.
func (s *Store) SaveParticipant(ctx context.Context, p ranking.Participant) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.participants[memberKey{challengeID: p.ChallengeID, userID: p.UserID}] = storedParticipant(p)
	return nil
}

// Participant returns the user's participant row in the challenge, or an
// error wrapping storage.ErrNotFound.
func (s *Store) Participant(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	p, ok := s.participants[memberKey{challengeID: challengeID, userID: userID}]
	if !ok {
		return ranking.Participant{}, fmt.Errorf("participant %s in challenge %s: %w", userID, challengeID, storage.ErrNotFound)
	}
	return p, nil
}

// SaveProfile creates or replaces a profile.
func (s *Store) SaveProfile(ctx context.Context, p workout.Profile) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.profiles[p.ID] = p
	return nil
}

// Profile returns the user's profile, or an error wrapping
// storage.ErrNotFound.
func (s *Store) Profile(ctx context.Context, userID uuid.UUID) (workout.Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	p, ok := s.profiles[userID]
	if !ok {
		return workout.Profile{}, fmt.Errorf("profile %s: %w", userID, storage.ErrNotFound)
	}
	return p, nil
}

// ChallengeWorkouts returns every stored workout of the user recorded for the
// challenge, in no particular order.
func (s *Store) ChallengeWorkouts(ctx context.Context, challengeID, userID uuid.UUID) ([]workout.Workout, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	found := []workout.Workout{}
	for _, w := range s.workouts {
		if w.UserID == userID && w.ChallengeID == challengeID {
			found = append(found, cloneWorkout(w))
		}
	}
	return found, nil
}
