package recovery

import (
	"fmt"
	"math"
	"strings"
)

// compareProgress compares a pair's stored progress row with the expected
// one. A member who has workouts recorded for the challenge must have a
// row, because the ranking stage writes one for every such member. The
// copied user name and photo are not compared, and neither is a member's
// position, which compares users and is refreshed on its own.
func compareProgress(s memberState) []Finding {
	want := s.expected.Progress
	if s.progress == nil {
		if !s.expected.Member || len(s.workouts) == 0 {
			return nil
		}
		return []Finding{progressFinding(s.key, fmt.Sprintf("missing progress row of a member with %d workouts; expected %d points from %d check-ins",
			len(s.workouts), want.Points, want.CheckIns))}
	}

	got := *s.progress
	var diffs differences
	diffValue(&diffs, "points", got.Points, want.Points)
	diffValue(&diffs, "check_ins_count", got.CheckIns, want.CheckIns)
	diffTime(&diffs, "last_check_in", got.LastCheckIn, want.LastCheckIn)
	diffValue(&diffs, "consecutive_days", got.ConsecutiveDays, want.ConsecutiveDays)
	diffValue(&diffs, "workouts_in_window", got.WorkoutsInWindow, want.WorkoutsInWindow)
	diffValue(&diffs, "completion_percentage", roundCents(got.CompletionPercentage), roundCents(want.CompletionPercentage))
	diffValue(&diffs, "completed", got.Completed, want.Completed)
	if !s.expected.Member {
		diffValue(&diffs, "position of a non-member", got.Position, 0)
	}
	if len(diffs) == 0 {
		return nil
	}
	return []Finding{progressFinding(s.key, strings.Join(diffs, ", "))}
}

func progressFinding(key MemberKey, detail string) Finding {
	return Finding{Kind: KindProgressDrift, UserID: key.UserID, ChallengeID: key.ChallengeID, Detail: detail}
}

// roundCents rounds to two decimals, the precision of the stored
// completion percentage.
func roundCents(v float64) float64 { return math.Round(v*100) / 100 }
