package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// writeReport writes the challenge, the ranking, the dashboards and the
// stage statistics of r as text tables.
func writeReport(out io.Writer, r result) error {
	fmt.Fprintf(out, "Challenge %s: %s to %s (%s), %d points per check-in, minimum %d minutes\n",
		r.ChallengeID, r.Window.Start, r.Window.End, challengeZone, pointsPerCheckIn, minDurationMinutes)
	fmt.Fprintf(out, "Clock starts at %s, the start of the latest recorded activity\n", r.Now.Format(time.RFC3339))
	athletes := fmt.Sprintf("%d athletes", r.RecordedAthletes)
	if r.RecordedAthletes != len(r.Athletes) {
		athletes += fmt.Sprintf(" (%d enrolled)", len(r.Athletes))
	}
	fmt.Fprintf(out, "Recorded %d workouts of %s, %d with a duration clamped into %d..%d minutes\n\n",
		r.Recorded, athletes, r.Clamped, 1, 1440)

	table := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "POSITION\tATHLETE\tPOINTS\tCHECK-INS\tWORKOUTS IN WINDOW\tSTREAK\tCOMPLETION")
	for _, a := range r.Athletes {
		p := a.Progress
		fmt.Fprintf(table, "%d\t%s\t%d\t%d\t%d\t%d\t%.2f%%\n",
			p.Position, a.Athlete, p.Points, p.CheckIns, p.WorkoutsInWindow, p.ConsecutiveDays, p.CompletionPercentage)
	}
	if err := table.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nDashboards on %s\n", dashboardDay(r))
	table = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "ATHLETE\tWORKOUTS\tMINUTES\tPOINTS\tCHECK-INS\tLEVEL\tCURRENT STREAK\tLONGEST STREAK\tDAYS THIS MONTH\tLAST WORKOUT")
	for _, a := range r.Athletes {
		d := a.Dashboard
		last := "-"
		if d.LastWorkoutAt != nil {
			last = d.LastWorkoutAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(table, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", a.Athlete, d.TotalWorkouts, d.TotalMinutes,
			d.TotalPoints, d.TotalCheckIns, d.Level, d.CurrentStreak, d.LongestStreak, d.DaysTrainedThisMonth, last)
	}
	if err := table.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nStages")
	table = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "STAGE\tATTEMPTS\tSUCCEEDED\tSKIPPED\tFAILED\tDEAD\tP50\tP95\tP99")
	for _, s := range r.Stages {
		fmt.Fprintf(table, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", s.Stage, s.Attempts, s.Succeeded, s.Skipped,
			s.Failed, s.Dead, s.P50.Round(time.Microsecond), s.P95.Round(time.Microsecond), s.P99.Round(time.Microsecond))
	}
	return table.Flush()
}

// dashboardDay returns the day the dashboards were computed for.
func dashboardDay(r result) string {
	if len(r.Athletes) == 0 {
		return "-"
	}
	return r.Athletes[0].Dashboard.ComputedFor.String()
}
