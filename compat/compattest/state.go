package compattest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
)

// State is the data the steps of one case share: fresh ids, the path's
// time and the replies of the steps run so far.
type State struct {
	// Now is the path's current time when the case starts.
	Now time.Time
	// Zone is the legacy zone of the path.
	Zone *time.Location
	// ChallengeID is the case's challenge, saved before the steps.
	ChallengeID uuid.UUID
	// OtherChallengeID is a second challenge with the same window, in
	// which Member is active too.
	OtherChallengeID uuid.UUID
	// Member is a user with a participant row in the challenge and a
	// profile. The row is active unless Case.MemberStatus sets another
	// status.
	Member uuid.UUID
	// Outsider is a user without a participant row or profile.
	Outsider uuid.UUID

	t       *testing.T
	replies []any
}

// Quirk returns the _date value the shipped app sends for a check-in ago
// before Now: the local wall clock in the legacy zone, labelled as UTC.
func (s *State) Quirk(ago time.Duration) string {
	return quirkOf(s.Now.Add(-ago).In(s.Zone))
}

// QuirkOn returns the _date value for the local time hour:minute on the
// local day daysAgo days before today.
func (s *State) QuirkOn(daysAgo, hour, minute int) string {
	local := s.Now.In(s.Zone)
	day := time.Date(local.Year(), local.Month(), local.Day()-daysAgo, hour, minute, 0, 0, s.Zone)
	return quirkOf(day)
}

func quirkOf(local time.Time) string {
	return time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC).
		Format("2006-01-02T15:04:05.000Z")
}

// Instant returns the real instant ago before Now, as record_workout_basic
// receives it.
func (s *State) Instant(ago time.Duration) string {
	return s.Now.Add(-ago).UTC().Format("2006-01-02T15:04:05.000Z")
}

// Reply returns the decoded reply of an earlier step.
func (s *State) Reply(step int) any {
	if step < 0 || step >= len(s.replies) {
		s.t.Fatalf("step %d has no reply yet (%d steps ran)", step, len(s.replies))
	}
	return s.replies[step]
}

// String returns the string under key in the reply of an earlier step.
func (s *State) String(step int, key string) string {
	object, ok := s.Reply(step).(map[string]any)
	if !ok {
		s.t.Fatalf("reply of step %d is not an object", step)
	}
	value, ok := object[key].(string)
	if !ok {
		s.t.Fatalf("reply of step %d has no string %q: %v", step, key, object[key])
	}
	return value
}

// ClientID returns a client workout id unique to the case, such as the app
// generates.
func (s *State) ClientID(label string) string {
	return fmt.Sprintf("app-%s-%s", label, s.ChallengeID.String()[:8])
}
