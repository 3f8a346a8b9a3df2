package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// Rules of the replayed challenge.
const (
	challengeZone      = "America/Sao_Paulo"
	pointsPerCheckIn   = 10
	minDurationMinutes = 45
)

// namespace derives the replay's user and challenge ids, so that the same
// athlete gets the same user id in every run.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/rayclub/workoutflow/examples/replay"))

// config configures run.
type config struct {
	// DataDir is the folder of the Strava activity files.
	DataDir string
	// Athletes limits the replay to these pseudonyms. Empty means every
	// athlete in DataDir.
	Athletes []string
	// Start is the first day of the challenge. The zero date means the
	// busiest window of the data (see busiestWindow).
	Start workout.LocalDate
	// Days is the length of the challenge in days.
	Days int
	// MarginDays, when positive, limits the recorded activities to those
	// whose local day is at most MarginDays before the window or after it.
	// Zero records every activity of the athletes.
	MarginDays int
	// Workers is the number of pipeline workers.
	Workers int
	// Logger receives the pipeline's logs. Nil discards them.
	Logger *slog.Logger
}

// result is the outcome of a replay.
type result struct {
	ChallengeID uuid.UUID
	Window      window
	// Now is the clock of the replay when it started: the start of the
	// latest recorded activity, so that no workout lies in the future.
	Now time.Time
	// Recorded counts the stored workouts and Clamped those whose
	// duration was moved into the accepted range of 1 to 1440 minutes.
	Recorded int
	Clamped  int
	// RecordedAthletes counts the athletes with at least one stored
	// workout. It is below len(Athletes) when an enrolled athlete had no
	// activity within the margin of the window.
	RecordedAthletes int
	// Athletes lists every enrolled participant in ranking order.
	Athletes []athleteResult
	// Stages holds the statistics of the pipeline's stages.
	Stages []tracking.StageStats
}

// athleteResult is the outcome for one participant.
type athleteResult struct {
	Athlete   string
	UserID    uuid.UUID
	Progress  ranking.Progress
	CheckIns  []ranking.CheckIn
	Dashboard dashboard.Dashboard
}

// uuidFor returns the id the replay derives from name.
func uuidFor(name string) uuid.UUID {
	return uuid.NewSHA1(namespace, []byte(name))
}

// userID returns the user id of an athlete pseudonym.
func userID(athlete string) uuid.UUID {
	return uuidFor("athlete/" + athlete)
}

// run loads the activities, creates the challenge, enrols the athletes,
// records every activity through the pipeline, waits for the stages and
// writes the ranking and the dashboards to out.
func run(ctx context.Context, cfg config, out io.Writer) (result, error) {
	if cfg.Days < 1 {
		return result{}, fmt.Errorf("invalid number of days %d: must be at least 1", cfg.Days)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}

	activities, err := loadActivities(cfg.DataDir, cfg.Athletes)
	if err != nil {
		return result{}, err
	}
	loc, err := workout.LoadZone(challengeZone)
	if err != nil {
		return result{}, err
	}
	w := newWindow(cfg.Start, cfg.Days)
	if cfg.Start.IsZero() {
		if w, err = busiestWindow(activities, cfg.Days, loc); err != nil {
			return result{}, err
		}
	}

	athletes := athleteNames(activities)
	if cfg.MarginDays > 0 {
		activities = withinMargin(activities, w, cfg.MarginDays, loc)
		if len(activities) == 0 {
			return result{}, fmt.Errorf("no activity within %d days of the window %s to %s", cfg.MarginDays, w.Start, w.End)
		}
	}
	r, err := replay(ctx, cfg, athletes, activities, w, loc)
	if err != nil {
		return result{}, err
	}
	if err := writeReport(out, r); err != nil {
		return result{}, fmt.Errorf("write report: %w", err)
	}
	return r, nil
}

// loadActivities loads the files of dir and keeps the activities of the
// given athletes, or all when athletes is empty.
func loadActivities(dir string, athletes []string) ([]strava.Activity, error) {
	all, err := strava.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(athletes) == 0 {
		return all, nil
	}

	found := map[string]bool{}
	var kept []strava.Activity
	for _, a := range all {
		if slices.Contains(athletes, a.Athlete) {
			kept = append(kept, a)
			found[a.Athlete] = true
		}
	}
	for _, athlete := range athletes {
		if !found[athlete] {
			return nil, fmt.Errorf("load activities: athlete %q not found in %s", athlete, dir)
		}
	}
	return kept, nil
}

// withinMargin returns the activities whose local day in loc is at most
// margin days away from w.
func withinMargin(activities []strava.Activity, w window, margin int, loc *time.Location) []strava.Activity {
	wide := window{Start: w.Start.AddDays(-margin), End: w.End.AddDays(margin)}
	var kept []strava.Activity
	for _, a := range activities {
		if wide.contains(workout.LocalDateOf(a.StartedAt, loc)) {
			kept = append(kept, a)
		}
	}
	return kept
}

// latestStart returns the start of the latest activity.
func latestStart(activities []strava.Activity) time.Time {
	var latest time.Time
	for _, a := range activities {
		if a.StartedAt.After(latest) {
			latest = a.StartedAt
		}
	}
	return latest
}

// replayClock is a clock that starts at a fixed instant and then advances
// with the machine's clock, so that retry delays still pass.
type replayClock struct {
	start   time.Time
	started time.Time
}

func (c replayClock) Now() time.Time { return c.start.Add(time.Since(c.started)) }
