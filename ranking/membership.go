package ranking

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// Join makes the user an active participant of the challenge, creating the
// participant row or making a dropped participant active again, and
// recomputes the user's results so that the workouts already recorded for
// the challenge earn their check-ins. A participant who is already a member
// keeps the row unchanged. An unknown challenge gets an error wrapping
// storage.ErrNotFound.
func (s *Service) Join(ctx context.Context, challengeID, userID uuid.UUID) (Participant, error) {
	if _, err := s.store.Challenge(ctx, challengeID); err != nil {
		return Participant{}, fmt.Errorf("join challenge %s: %w", challengeID, err)
	}

	p, err := s.store.Participant(ctx, challengeID, userID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		p = Participant{ChallengeID: challengeID, UserID: userID, Status: StatusActive, JoinedAt: s.clock.Now()}
	case err != nil:
		return Participant{}, fmt.Errorf("join challenge %s: %w", challengeID, err)
	case !p.IsMember():
		p.Status = StatusActive
	}
	return s.saveParticipant(ctx, p)
}

// Drop marks the user as dropped from the challenge: the user's check-ins
// are removed and the user leaves the ranking. A user without a participant
// row gets an error wrapping storage.ErrNotFound.
func (s *Service) Drop(ctx context.Context, challengeID, userID uuid.UUID) (Participant, error) {
	return s.SetStatus(ctx, challengeID, userID, StatusDropped)
}

// SetStatus changes the status of the user's participant row and recomputes
// the user's results. An unknown status gets a *workout.ValidationError,
// and an unknown challenge or participant an error wrapping
// storage.ErrNotFound.
func (s *Service) SetStatus(ctx context.Context, challengeID, userID uuid.UUID, status ParticipantStatus) (Participant, error) {
	switch status {
	case StatusActive, StatusCompleted, StatusDropped:
	default:
		verr := &workout.ValidationError{Subject: "participant", Fields: []workout.FieldError{{
			Field:   "status",
			Message: fmt.Sprintf("must be %s, %s or %s, got %q", StatusActive, StatusCompleted, StatusDropped, status),
		}}}
		return Participant{}, fmt.Errorf("set status in challenge %s: %w", challengeID, verr)
	}

	if _, err := s.store.Challenge(ctx, challengeID); err != nil {
		return Participant{}, fmt.Errorf("set status in challenge %s: %w", challengeID, err)
	}
	p, err := s.store.Participant(ctx, challengeID, userID)
	if err != nil {
		return Participant{}, fmt.Errorf("set status in challenge %s: %w", challengeID, err)
	}

	p.Status = status
	return s.saveParticipant(ctx, p)
}

// saveParticipant stores p, then recomputes the user's results and the
// challenge's positions.
func (s *Service) saveParticipant(ctx context.Context, p Participant) (Participant, error) {
	if err := s.store.SaveParticipant(ctx, p); err != nil {
		return Participant{}, fmt.Errorf("save participant %s in challenge %s: %w", p.UserID, p.ChallengeID, err)
	}
	if err := s.stage.Recompute(ctx, p.UserID, p.ChallengeID); err != nil {
		return Participant{}, err
	}
	return p, nil
}

// Ranking returns the progress rows of the challenge's ranked members,
// ordered by position and then user id. An unknown challenge gets an error
// wrapping storage.ErrNotFound.
func (s *Service) Ranking(ctx context.Context, challengeID uuid.UUID) ([]Progress, error) {
	if _, err := s.store.Challenge(ctx, challengeID); err != nil {
		return nil, fmt.Errorf("ranking of challenge %s: %w", challengeID, err)
	}
	rows, err := s.store.Ranking(ctx, challengeID)
	if err != nil {
		return nil, fmt.Errorf("ranking of challenge %s: %w", challengeID, err)
	}
	return rows, nil
}

// UserProgress returns the user's progress row in the challenge, or an
// error wrapping storage.ErrNotFound when the user has none.
func (s *Service) UserProgress(ctx context.Context, challengeID, userID uuid.UUID) (Progress, error) {
	progress, err := s.store.UserProgress(ctx, challengeID, userID)
	if err != nil {
		return Progress{}, fmt.Errorf("progress of user %s in challenge %s: %w", userID, challengeID, err)
	}
	return progress, nil
}

// CheckIns returns the user's check-ins in the challenge, oldest first.
func (s *Service) CheckIns(ctx context.Context, challengeID, userID uuid.UUID) ([]CheckIn, error) {
	checkIns, err := s.store.CheckIns(ctx, challengeID, userID)
	if err != nil {
		return nil, fmt.Errorf("check-ins of user %s in challenge %s: %w", userID, challengeID, err)
	}
	return checkIns, nil
}
