package ranking

import (
	"sort"

	"github.com/google/uuid"
)

// Rank returns the competition position (1, 2, 2, 4) of every user in rows,
// which must hold only the challenge's members. Rows are ordered by points
// (more first), then WorkoutsInWindow (more first), then LastCheckIn (earlier
// first, none last). Rows equal on all three keys share a position.
func Rank(rows []Progress) map[uuid.UUID]int {
	sorted := make([]Progress, len(rows))
	copy(sorted, rows)
	sort.SliceStable(sorted, func(i, j int) bool { return ranksBefore(sorted[i], sorted[j]) })

	positions := make(map[uuid.UUID]int, len(sorted))
	for i, row := range sorted {
		if i > 0 && !ranksBefore(sorted[i-1], row) {
			positions[row.UserID] = positions[sorted[i-1].UserID]
			continue
		}
		positions[row.UserID] = i + 1
	}
	return positions
}

// ranksBefore reports whether a ranks strictly ahead of b.
func ranksBefore(a, b Progress) bool {
	if a.Points != b.Points {
		return a.Points > b.Points
	}
	if a.WorkoutsInWindow != b.WorkoutsInWindow {
		return a.WorkoutsInWindow > b.WorkoutsInWindow
	}
	switch {
	case a.LastCheckIn == nil:
		return false
	case b.LastCheckIn == nil:
		return true
	default:
		return a.LastCheckIn.Before(*b.LastCheckIn)
	}
}
