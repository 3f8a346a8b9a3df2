package ranking_test

import (
	"context"
	"testing"
	"time"

	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestCreateChallengeValidation(t *testing.T) {
	t.Parallel()

	valid := func() ranking.Challenge {
		return ranking.Challenge{
			Title:     "Desafio",
			StartDate: time.Date(2025, 6, 1, 0, 0, 0, 0, saoPaulo),
			EndDate:   time.Date(2025, 6, 21, 0, 0, 0, 0, saoPaulo),
		}
	}

	tests := []struct {
		name   string
		change func(*ranking.Challenge)
		fields []string
	}{
		{name: "title missing", change: func(c *ranking.Challenge) { c.Title = "  " }, fields: []string{"title"}},
		{name: "title not UTF-8", change: func(c *ranking.Challenge) { c.Title = "\xff" }, fields: []string{"title"}},
		{name: "description with NUL", change: func(c *ranking.Challenge) { c.Description = "a\x00b" }, fields: []string{"description"}},
		{name: "dates missing", change: func(c *ranking.Challenge) { c.StartDate, c.EndDate = time.Time{}, time.Time{} }, fields: []string{"start_date", "end_date"}},
		{name: "end before start", change: func(c *ranking.Challenge) { c.EndDate = c.StartDate.Add(-time.Minute) }, fields: []string{"end_date"}},
		{name: "unknown zone", change: func(c *ranking.Challenge) { c.TimeZone = "Brasil/Rio" }, fields: []string{"time_zone"}},
		{
			name: "negative numbers",
			change: func(c *ranking.Challenge) {
				c.PointsPerCheckIn, c.MinDurationMinutes, c.MinCheckIns, c.Points = -1, -1, -1, -1
			},
			fields: []string{"points_per_check_in", "min_duration_minutes", "min_checkins", "points"},
		},
		{name: "minimum longer than a day", change: func(c *ranking.Challenge) { c.MinDurationMinutes = 1441 }, fields: []string{"min_duration_minutes"}},
		{name: "more check-ins than days", change: func(c *ranking.Challenge) { c.MinCheckIns = 22 }, fields: []string{"min_checkins"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ch := valid()
			tt.change(&ch)
			store := memstore.New()
			service, err := ranking.NewService(ranking.ServiceConfig{Store: store})
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, service.Stop(context.Background())) })

			_, err = service.CreateChallenge(context.Background(), ch)
			var verr *workout.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Fields, len(tt.fields))
			for _, field := range tt.fields {
				require.True(t, verr.Has(field), "expected an error for %s, got %v", field, verr)
			}
		})
	}

	t.Run("same start and end day", func(t *testing.T) {
		t.Parallel()

		ch := valid()
		ch.EndDate = ch.StartDate.Add(23 * time.Hour)
		require.NoError(t, ranking.ValidateChallenge(ch))
	})
}
