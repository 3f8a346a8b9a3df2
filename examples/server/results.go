package main

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
)

// rankingResponse is the body of GET /v1/challenges/{id}/ranking.
type rankingResponse struct {
	ChallengeID uuid.UUID          `json:"challenge_id"`
	Ranking     []ranking.Progress `json:"ranking"`
}

// checkInsResponse is the body of GET
// /v1/challenges/{id}/participants/{user_id}/check-ins.
type checkInsResponse struct {
	ChallengeID uuid.UUID         `json:"challenge_id"`
	UserID      uuid.UUID         `json:"user_id"`
	CheckIns    []ranking.CheckIn `json:"check_ins"`
}

// memberPath parses the challenge and user ids of a participant path.
func memberPath(r *http.Request) (challengeID, userID uuid.UUID, err error) {
	if challengeID, err = pathUUID(r, "id"); err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	if userID, err = pathUUID(r, "user_id"); err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	return challengeID, userID, nil
}

// ranking handles GET /v1/challenges/{id}/ranking: the ranked members in
// position order.
func (a *api) ranking(w http.ResponseWriter, r *http.Request) {
	challengeID, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	rows, err := a.Challenges.Ranking(r.Context(), challengeID)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	if rows == nil {
		rows = []ranking.Progress{}
	}
	writeJSON(w, http.StatusOK, rankingResponse{ChallengeID: challengeID, Ranking: rows})
}

// userProgress handles GET /v1/challenges/{id}/participants/{user_id}/progress.
func (a *api) userProgress(w http.ResponseWriter, r *http.Request) {
	challengeID, userID, err := memberPath(r)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	progress, err := a.Challenges.UserProgress(r.Context(), challengeID, userID)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, progress)
}

// checkIns handles GET /v1/challenges/{id}/participants/{user_id}/check-ins,
// oldest first. An unknown challenge gets 404.
func (a *api) checkIns(w http.ResponseWriter, r *http.Request) {
	challengeID, userID, err := memberPath(r)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	if _, err := a.Store.Challenge(r.Context(), challengeID); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	rows, err := a.Challenges.CheckIns(r.Context(), challengeID, userID)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	if rows == nil {
		rows = []ranking.CheckIn{}
	}
	writeJSON(w, http.StatusOK, checkInsResponse{ChallengeID: challengeID, UserID: userID, CheckIns: rows})
}
