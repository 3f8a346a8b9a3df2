package main

import (
	"net/http"
	"time"

	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// challengeRequest is the body of POST /v1/challenges. Zero rule fields
// take the ranking defaults (10 points per check-in, 45 minutes).
type challengeRequest struct {
	// ID is optional. The server assigns one when it is empty.
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// StartDate and EndDate are RFC 3339 instants or dates such as
	// 2024-06-01, read in TimeZone. Both days belong to the window.
	StartDate          string `json:"start_date"`
	EndDate            string `json:"end_date"`
	TimeZone           string `json:"time_zone"`
	PointsPerCheckIn   int    `json:"points_per_check_in"`
	MinDurationMinutes int    `json:"min_duration_minutes"`
	MinCheckIns        int    `json:"min_checkins"`
	Points             int    `json:"points"`
	// Active defaults to true.
	Active    *bool  `json:"active"`
	CreatorID string `json:"creator_id"`
}

// participantRequest is the body of POST /v1/challenges/{id}/participants.
type participantRequest struct {
	UserID string `json:"user_id"`
}

// statusRequest is the body of PATCH
// /v1/challenges/{id}/participants/{user_id}.
type statusRequest struct {
	Status ranking.ParticipantStatus `json:"status"`
}

// challenge converts the request, collecting parse errors in p.
func (req challengeRequest) challenge(p *fieldParser) ranking.Challenge {
	loc, err := workout.LoadZone(req.TimeZone)
	if err != nil {
		// The service reports the unknown zone, so any zone will do here.
		loc = time.UTC
	}

	ch := ranking.Challenge{
		ID:                 p.uuid("id", req.ID),
		Title:              req.Title,
		Description:        req.Description,
		StartDate:          parseDay(p, "start_date", req.StartDate, loc),
		EndDate:            parseDay(p, "end_date", req.EndDate, loc),
		TimeZone:           req.TimeZone,
		PointsPerCheckIn:   req.PointsPerCheckIn,
		MinDurationMinutes: req.MinDurationMinutes,
		MinCheckIns:        req.MinCheckIns,
		Points:             req.Points,
		Active:             req.Active == nil || *req.Active,
		CreatorID:          p.uuid("creator_id", req.CreatorID),
	}
	return ch
}

// parseDay parses a date such as 2024-06-01 as midnight in loc, or else an
// RFC 3339 instant.
func parseDay(p *fieldParser, field, value string, loc *time.Location) time.Time {
	if day, err := time.ParseInLocation(time.DateOnly, value, loc); err == nil {
		return day
	}
	return p.time(field, value)
}

// createChallenge handles POST /v1/challenges and returns the stored
// challenge with status 201.
func (a *api) createChallenge(w http.ResponseWriter, r *http.Request) {
	var req challengeRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	var p fieldParser
	ch := req.challenge(&p)
	if len(p.fields) > 0 {
		p.merge(ranking.ValidateChallenge(ch))
		writeError(w, r, a.Logger, p.err())
		return
	}

	created, err := a.Challenges.CreateChallenge(r.Context(), ch)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	w.Header().Set("Location", "/v1/challenges/"+created.ID.String())
	writeJSON(w, http.StatusCreated, created)
}

// getChallenge handles GET /v1/challenges/{id}.
func (a *api) getChallenge(w http.ResponseWriter, r *http.Request) {
	id, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	ch, err := a.Store.Challenge(r.Context(), id)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, ch)
}

// joinChallenge handles POST /v1/challenges/{id}/participants. Joining
// again as a member changes nothing, and a dropped participant becomes
// active again.
func (a *api) joinChallenge(w http.ResponseWriter, r *http.Request) {
	challengeID, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	var req participantRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	var p fieldParser
	userID := p.uuid("user_id", req.UserID)
	if req.UserID == "" {
		p.add("user_id", "is required")
	}
	if err := p.err(); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	participant, err := a.Challenges.Join(r.Context(), challengeID, userID)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, participant)
}

// setParticipantStatus handles PATCH
// /v1/challenges/{id}/participants/{user_id} with a body such as
// {"status": "dropped"}.
func (a *api) setParticipantStatus(w http.ResponseWriter, r *http.Request) {
	var req statusRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	a.changeStatus(w, r, req.Status)
}

// dropParticipant handles DELETE /v1/challenges/{id}/participants/{user_id}:
// the user leaves the ranking and loses the challenge's check-ins.
func (a *api) dropParticipant(w http.ResponseWriter, r *http.Request) {
	a.changeStatus(w, r, ranking.StatusDropped)
}

func (a *api) changeStatus(w http.ResponseWriter, r *http.Request, status ranking.ParticipantStatus) {
	challengeID, userID, err := memberPath(r)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	participant, err := a.Challenges.SetStatus(r.Context(), challengeID, userID, status)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, participant)
}
