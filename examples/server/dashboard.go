package main

import "net/http"

// dashboard handles GET /v1/users/{user_id}/dashboard. A user without
// workouts gets a dashboard of zeros.
func (a *api) dashboard(w http.ResponseWriter, r *http.Request) {
	userID, err := pathUUID(r, "user_id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	d, err := a.Dashboards.Dashboard(r.Context(), userID)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
