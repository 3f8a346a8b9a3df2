package main

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/rayclub/workoutflow/workout"
)

// Limits of the profile fields, in characters.
const (
	maxProfileNameLength = 200
	maxPhotoURLLength    = 2000
)

// profileRequest is the body of PUT /v1/profiles/{user_id}.
type profileRequest struct {
	Name     string `json:"name"`
	PhotoURL string `json:"photo_url"`
	// TimeZone is the IANA zone of the user's dashboard. Empty means
	// America/Sao_Paulo.
	TimeZone string `json:"time_zone"`
}

// saveProfile handles PUT /v1/profiles/{user_id}: it creates or replaces
// the profile and returns it.
//
// NOTE: rankings and check-ins keep the name and photo they copied from the
// profile until the user's next workout, join or drop recomputes them.
func (a *api) saveProfile(w http.ResponseWriter, r *http.Request) {
	userID, err := pathUUID(r, "user_id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	var req profileRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	if err := validateProfile(req); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	profile := workout.Profile{ID: userID, Name: strings.TrimSpace(req.Name), PhotoURL: req.PhotoURL, TimeZone: req.TimeZone}
	if err := a.Store.SaveProfile(r.Context(), profile); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, profile)
}

// validateProfile returns a *workout.ValidationError naming every invalid
// field of req, or nil.
func validateProfile(req profileRequest) error {
	var p fieldParser
	switch {
	case !utf8.ValidString(req.Name) || strings.ContainsRune(req.Name, 0):
		p.add("name", "is not valid UTF-8 text without NUL characters")
	case strings.TrimSpace(req.Name) == "":
		p.add("name", "is required")
	case utf8.RuneCountInString(req.Name) > maxProfileNameLength:
		p.add("name", "is longer than 200 characters")
	}
	if !utf8.ValidString(req.PhotoURL) || strings.ContainsRune(req.PhotoURL, 0) || len(req.PhotoURL) > maxPhotoURLLength {
		p.add("photo_url", "is not valid UTF-8 text of at most 2000 bytes without NUL characters")
	}
	if _, err := workout.LoadZone(req.TimeZone); err != nil {
		p.add("time_zone", "is not a known IANA time zone such as America/Sao_Paulo")
	}
	return p.err()
}
