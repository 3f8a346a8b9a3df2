package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
)

// collect reads the ranking, each participant's check-ins and each
// participant's dashboard, in ranking order.
func (s *session) collect(ctx context.Context, ch ranking.Challenge, athletes []string) ([]athleteResult, error) {
	names := make(map[uuid.UUID]string, len(athletes))
	for _, athlete := range athletes {
		names[userID(athlete)] = athlete
	}

	rows, err := s.challenges.Ranking(ctx, ch.ID)
	if err != nil {
		return nil, err
	}
	results := make([]athleteResult, 0, len(rows))
	for _, progress := range rows {
		athlete, ok := names[progress.UserID]
		if !ok {
			return nil, fmt.Errorf("collect results: user %s in the ranking is not a replayed athlete", progress.UserID)
		}

		checkIns, err := s.challenges.CheckIns(ctx, ch.ID, progress.UserID)
		if err != nil {
			return nil, err
		}
		d, err := s.dashboards.Dashboard(ctx, progress.UserID)
		if err != nil {
			return nil, err
		}
		results = append(results, athleteResult{
			Athlete: athlete, UserID: progress.UserID, Progress: progress, CheckIns: checkIns, Dashboard: d,
		})
	}
	return results, nil
}
