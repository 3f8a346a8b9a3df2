package main

import (
	"context"
	"fmt"
	"time"

	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// idlePollInterval is how often the replay checks whether the queue is
// empty.
const idlePollInterval = 20 * time.Millisecond

// session is an in-memory flow: a pipeline with the ranking and dashboard
// stages and their services.
type session struct {
	store      *memstore.Store
	tracker    *tracking.Memory
	clock      workout.Clock
	flow       *workoutflow.Flow
	pipeline   *workout.Pipeline
	challenges *ranking.Service
	dashboards *dashboard.Service
}

// newSession builds a session whose clock starts at now.
func newSession(cfg config, now time.Time) (*session, error) {
	s := &session{
		store:   memstore.New(),
		tracker: tracking.NewMemory(0),
		clock:   replayClock{start: now, started: time.Now()},
	}

	flow, err := workoutflow.New(workoutflow.Config{
		Store: s.store,
		Pipeline: workout.Config{
			Tracker: s.tracker,
			Clock:   s.clock,
			Logger:  cfg.Logger,
			Workers: cfg.Workers,
		},
	})
	if err != nil {
		return nil, err
	}
	s.flow, s.pipeline = flow, flow.Pipeline
	s.challenges, s.dashboards = flow.Challenges, flow.Dashboards
	return s, nil
}

// replay enrols the athletes in a new challenge over w, records the
// activities, runs the stages and collects the results, all on a new
// session.
func replay(ctx context.Context, cfg config, athletes []string, activities []strava.Activity, w window, loc *time.Location) (result, error) {
	now := latestStart(activities)
	s, err := newSession(cfg, now)
	if err != nil {
		return result{}, err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := s.flow.Stop(stopCtx); err != nil {
			cfg.Logger.Error("replay: stop pipeline", "error", err)
		}
	}()

	r := result{Window: w, Now: now}
	ch, err := s.createChallenge(ctx, w, loc)
	if err != nil {
		return result{}, err
	}
	r.ChallengeID = ch.ID

	if err := s.enrol(ctx, ch, athletes); err != nil {
		return result{}, err
	}
	counts, err := s.recordAll(ctx, ch, activities)
	if err != nil {
		return result{}, err
	}
	r.Recorded, r.RecordedAthletes, r.Clamped = counts.workouts, counts.athletes, counts.clamped
	if err := s.process(ctx); err != nil {
		return result{}, err
	}

	if r.Athletes, err = s.collect(ctx, ch, athletes); err != nil {
		return result{}, err
	}
	queue, err := s.pipeline.QueueStats(ctx)
	if err != nil {
		return result{}, err
	}
	r.Stages = s.tracker.Stats(queue, 24*time.Hour, s.clock.Now())
	return r, nil
}

// createChallenge creates the challenge over the window w.
func (s *session) createChallenge(ctx context.Context, w window, loc *time.Location) (ranking.Challenge, error) {
	return s.challenges.CreateChallenge(ctx, ranking.Challenge{
		ID:                 uuidFor("challenge/" + w.Start.String()),
		Title:              fmt.Sprintf("Desafio %d dias (%s a %s)", w.End.DaysSince(w.Start)+1, w.Start, w.End),
		StartDate:          w.Start.Start(loc),
		EndDate:            w.End.Start(loc),
		TimeZone:           challengeZone,
		PointsPerCheckIn:   pointsPerCheckIn,
		MinDurationMinutes: minDurationMinutes,
		Active:             true,
	})
}

// process starts the workers and waits until every job is done or dead.
// Dead jobs are an error: a replay of valid data must not fail.
func (s *session) process(ctx context.Context) error {
	if err := s.pipeline.Start(ctx); err != nil {
		return err
	}
	if err := s.pipeline.WaitIdle(ctx, idlePollInterval); err != nil {
		return err
	}

	stats, err := s.pipeline.QueueStats(ctx)
	if err != nil {
		return err
	}
	for _, stage := range stats {
		if stage.Dead > 0 {
			return fmt.Errorf("process workouts: %d %s jobs are dead after their last attempt", stage.Dead, stage.Stage)
		}
	}
	return nil
}
