package memstore

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// SaveUserResult replaces the user's check-ins in the challenge, writes the
// user's progress row keeping its stored position, and writes the points of
// the user's workouts. For a user who is not a member it removes the
// check-ins and, if a progress row exists, writes it with position 0. It
// returns an error wrapping storage.ErrConflict, and changes nothing, when
// two check-ins fall on the same day.
//
// NOTE: the store keeps no "positions need a refresh" mark, because no
// method reads one; callers run RefreshPositions themselves.
func (s *Store) SaveUserResult(ctx context.Context, result ranking.UserResult, now time.Time) error {
	now = storedTime(now)
	key := memberKey{challengeID: result.ChallengeID, userID: result.UserID}
	checkIns, err := resultCheckIns(result)
	if err != nil {
		return fmt.Errorf("save result of user %s in challenge %s: %w", result.UserID, result.ChallengeID, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	delete(s.checkIns, key)
	if len(checkIns) > 0 {
		s.checkIns[key] = checkIns
	}

	progress := storedProgress(result.Progress)
	progress.ChallengeID = result.ChallengeID
	progress.UserID = result.UserID
	progress.UpdatedAt = now
	stored, exists := s.progress[key]
	switch {
	case result.Member:
		progress.Position = stored.Position
		s.progress[key] = progress
	case exists:
		progress.Position = 0
		s.progress[key] = progress
	}

	for id, points := range result.WorkoutPoints {
		if w, ok := s.workouts[id]; ok && w.UserID == result.UserID {
			w.Points = points
			s.workouts[id] = w
		}
	}
	return nil
}

// resultCheckIns returns the check-ins to store for result, oldest first:
// none for a non-member. It rejects two check-ins on the same day.
func resultCheckIns(result ranking.UserResult) ([]ranking.CheckIn, error) {
	if !result.Member {
		return nil, nil
	}

	days := make(map[workout.LocalDate]bool, len(result.CheckIns))
	checkIns := make([]ranking.CheckIn, 0, len(result.CheckIns))
	for _, c := range result.CheckIns {
		if days[c.Day] {
			return nil, fmt.Errorf("two check-ins on %s: %w", c.Day, storage.ErrConflict)
		}
		days[c.Day] = true
		c = storedCheckIn(c)
		c.ChallengeID = result.ChallengeID
		c.UserID = result.UserID
		checkIns = append(checkIns, c)
	}
	sort.Slice(checkIns, func(i, j int) bool { return checkInBefore(checkIns[i], checkIns[j]) })
	return checkIns, nil
}

func checkInBefore(a, b ranking.CheckIn) bool {
	if !a.CheckInAt.Equal(b.CheckInAt) {
		return a.CheckInAt.Before(b.CheckInAt)
	}
	return a.Day.Before(b.Day)
}

// RefreshPositions ranks the progress rows of the challenge's members with
// ranking.Rank and gives every other row position 0. Rows whose position
// changes get UpdatedAt now.
func (s *Store) RefreshPositions(ctx context.Context, challengeID uuid.UUID, now time.Time) error {
	now = storedTime(now)

	s.mu.Lock()
	defer s.mu.Unlock()

	var members []ranking.Progress
	for key, row := range s.progress {
		if key.challengeID == challengeID && s.isMember(key) {
			members = append(members, row)
		}
	}
	positions := ranking.Rank(members)

	for key, row := range s.progress {
		if key.challengeID != challengeID {
			continue
		}
		position := positions[key.userID]
		if row.Position != position {
			row.Position = position
			row.UpdatedAt = now
			s.progress[key] = row
		}
	}
	return nil
}

// isMember reports whether the user has an active or completed participant
// row in the challenge. The caller holds s.mu.
func (s *Store) isMember(key memberKey) bool {
	p, ok := s.participants[key]
	return ok && p.IsMember()
}

// Ranking returns the progress rows of the challenge's members that have a
// position, ordered by position and then user id.
func (s *Store) Ranking(ctx context.Context, challengeID uuid.UUID) ([]ranking.Progress, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	rows := []ranking.Progress{}
	for key, row := range s.progress {
		if key.challengeID == challengeID && row.Position > 0 && s.isMember(key) {
			rows = append(rows, cloneProgress(row))
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Position != rows[j].Position {
			return rows[i].Position < rows[j].Position
		}
		return bytes.Compare(rows[i].UserID[:], rows[j].UserID[:]) < 0
	})
	return rows, nil
}

// UserProgress returns the user's progress row in the challenge, or an error
// wrapping storage.ErrNotFound.
func (s *Store) UserProgress(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Progress, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	row, ok := s.progress[memberKey{challengeID: challengeID, userID: userID}]
	if !ok {
		return ranking.Progress{}, fmt.Errorf("progress of user %s in challenge %s: %w", userID, challengeID, storage.ErrNotFound)
	}
	return cloneProgress(row), nil
}

// CheckIns returns the user's check-ins in the challenge, oldest first.
func (s *Store) CheckIns(ctx context.Context, challengeID, userID uuid.UUID) ([]ranking.CheckIn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	stored := s.checkIns[memberKey{challengeID: challengeID, userID: userID}]
	return append([]ranking.CheckIn{}, stored...), nil
}
