package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/stretchr/testify/require"
)

func TestWriteReport(t *testing.T) {
	t.Parallel()

	last := time.Date(2024, 8, 18, 1, 30, 0, 0, time.UTC)
	r := result{
		ChallengeID:      uuid.MustParse("f62ee4e3-03d3-5897-997b-4ab7bf705d84"),
		Window:           newWindow(mustDate(t, "2024-07-29"), 21),
		Now:              time.Date(2024, 9, 17, 23, 8, 0, 0, time.UTC),
		Recorded:         550,
		RecordedAthletes: 1,
		Clamped:          1,
		Athletes: []athleteResult{{
			Athlete: "athlete-05",
			Progress: ranking.Progress{
				Position: 1, Points: 150, CheckIns: 15, WorkoutsInWindow: 19, ConsecutiveDays: 3, CompletionPercentage: 71.43,
			},
			Dashboard: dashboard.Dashboard{
				ComputedFor: mustDate(t, "2024-09-17"), TotalWorkouts: 40, TotalMinutes: 2400,
				TotalPoints: 150, TotalCheckIns: 15, Level: 2, LastWorkoutAt: &last,
			},
		}},
		Stages: []tracking.StageStats{{Stage: "ranking", Attempts: 550, Succeeded: 550, P50: 1500 * time.Microsecond}},
	}

	var out strings.Builder
	require.NoError(t, writeReport(&out, r))
	text := out.String()
	require.Contains(t, text, "Challenge f62ee4e3-03d3-5897-997b-4ab7bf705d84: 2024-07-29 to 2024-08-18 (America/Sao_Paulo)")
	require.Contains(t, text, "Recorded 550 workouts of 1 athletes, 1 with a duration clamped into 1..1440 minutes")
	require.Contains(t, text, "1         athlete-05  150     15         19                  3       71.43%")
	require.Contains(t, text, "Dashboards on 2024-09-17")
	require.Contains(t, text, "2024-08-18T01:30:00Z")
	require.Contains(t, text, "ranking  550       550        0        0       0     1.5ms")
}

func TestWriteReportAthleteWithoutWorkouts(t *testing.T) {
	t.Parallel()
	r := result{
		Window:           newWindow(mustDate(t, "2024-07-29"), 21),
		Recorded:         3,
		RecordedAthletes: 1,
		Athletes:         []athleteResult{{Athlete: "athlete-01"}, {Athlete: "athlete-02"}},
	}

	var out strings.Builder
	require.NoError(t, writeReport(&out, r))
	require.Contains(t, out.String(), "Recorded 3 workouts of 1 athletes (2 enrolled), 0 with a duration clamped")
}
