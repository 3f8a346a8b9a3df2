package compathttp

import (
	"net/http"
	"strings"

	"github.com/rayclub/workoutflow/compat"
)

// serveQueue returns the rows of workout_processing_queue the caller may
// see for the filter workout_id=eq.<record id>, as a JSON array, which
// the app polls every few seconds after saving a workout. Other filters and
// select lists are ignored.
func (h *Handler) serveQueue(w http.ResponseWriter, r *http.Request) {
	auth, err := h.authenticate(r)
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, unauthorized(err))
		return
	}

	workoutID, ok := strings.CutPrefix(r.URL.Query().Get("workout_id"), "eq.")
	if !ok {
		writeJSON(w, http.StatusBadRequest, APIError{
			Code:    CodeMissingFilter,
			Message: "filter workout_id=eq.<workout record id> is required",
		})
		return
	}

	row, found, err := h.service.ProcessingStatus(r.Context(), auth, workoutID)
	if err != nil {
		h.logger.ErrorContext(r.Context(), "compathttp: read processing status failed", "workout_id", workoutID, "error", err)
		writeJSON(w, http.StatusInternalServerError, invokeError(err))
		return
	}
	rows := []compat.QueueRow{}
	if found {
		rows = append(rows, row)
	}
	writeJSON(w, http.StatusOK, rows)
}
