package ranking

import (
	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// checkInNamespace is the UUID namespace of check-in ids. It must never
// change, because stored check-ins keep the ids derived from it.
var checkInNamespace = uuid.MustParse("a52ec430-cf12-40e9-8bcc-120d7cb42b7d")

// CheckInID returns the id of the check-in of a user in a challenge on a
// local day: a name-based (SHA-1, version 5) UUID of the three keys. The
// same keys always give the same id, so recomputing a check-in, even after
// its workout changed, keeps its id.
func CheckInID(challengeID, userID uuid.UUID, day workout.LocalDate) uuid.UUID {
	name := challengeID.String() + "/" + userID.String() + "/" + day.String()
	return uuid.NewSHA1(checkInNamespace, []byte(name))
}
