package ranking

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestRank(t *testing.T) {
	t.Parallel()

	a, b, c, d := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	early := time.Date(2025, 6, 2, 11, 0, 0, 0, time.UTC)
	late := early.Add(time.Hour)

	tests := []struct {
		name string
		rows []Progress
		want map[uuid.UUID]int
	}{
		{
			name: "points then workouts in window",
			rows: []Progress{
				{UserID: c, Points: 90, WorkoutsInWindow: 20, LastCheckIn: &early},
				{UserID: b, Points: 100, WorkoutsInWindow: 12, LastCheckIn: &early},
				{UserID: a, Points: 100, WorkoutsInWindow: 15, LastCheckIn: &late},
			},
			want: map[uuid.UUID]int{a: 1, b: 2, c: 3},
		},
		{
			name: "earlier last check-in wins",
			rows: []Progress{
				{UserID: a, Points: 50, WorkoutsInWindow: 5, LastCheckIn: &late},
				{UserID: b, Points: 50, WorkoutsInWindow: 5, LastCheckIn: &early},
			},
			want: map[uuid.UUID]int{b: 1, a: 2},
		},
		{
			name: "ties share a position",
			rows: []Progress{
				{UserID: a, Points: 100, WorkoutsInWindow: 10, LastCheckIn: &early},
				{UserID: b, Points: 80, WorkoutsInWindow: 8, LastCheckIn: &early},
				{UserID: c, Points: 80, WorkoutsInWindow: 8, LastCheckIn: &early},
				{UserID: d, Points: 70, WorkoutsInWindow: 30, LastCheckIn: &early},
			},
			want: map[uuid.UUID]int{a: 1, b: 2, c: 2, d: 4},
		},
		{
			name: "no check-in sorts last",
			rows: []Progress{
				{UserID: a, WorkoutsInWindow: 3},
				{UserID: b, WorkoutsInWindow: 3, LastCheckIn: &late},
				{UserID: c, WorkoutsInWindow: 3},
			},
			want: map[uuid.UUID]int{b: 1, a: 2, c: 2},
		},
		{
			name: "empty",
			want: map[uuid.UUID]int{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			require.Equal(t, tt.want, Rank(tt.rows))
		})
	}
}

func TestRankKeepsInput(t *testing.T) {
	t.Parallel()

	rows := []Progress{{UserID: uuid.New(), Points: 10}, {UserID: uuid.New(), Points: 20}}
	before := append([]Progress{}, rows...)
	Rank(rows)
	require.Equal(t, before, rows)
}
