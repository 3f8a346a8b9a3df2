package workout

import "github.com/google/uuid"

// DefaultDisplayName is the name shown for a user without a profile row. A
// missing profile never blocks recording or ranking.
const DefaultDisplayName = "Atleta"

// Profile is a user's public profile, a row of profiles.
type Profile struct {
	// ID is the user id.
	ID uuid.UUID `json:"id"`
	// Name is the display name shown in rankings.
	Name string `json:"name"`
	// PhotoURL is the address of the user's picture, empty when none.
	PhotoURL string `json:"photo_url"`
	// TimeZone is the IANA zone of the user's dashboard; empty means
	// DefaultTimeZone.
	TimeZone string `json:"time_zone"`
}

// DefaultProfile returns the profile used for a user without a profile row.
func DefaultProfile(userID uuid.UUID) Profile {
	return Profile{ID: userID, Name: DefaultDisplayName}
}
