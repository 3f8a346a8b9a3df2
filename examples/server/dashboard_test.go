package main

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/stretchr/testify/require"
)

func TestDashboardOfNewUser(t *testing.T) {
	t.Parallel()
	s := setup(t)

	userID := uuid.New()
	var d dashboard.Dashboard
	s.call(http.MethodGet, "/v1/users/"+userID.String()+"/dashboard", nil, http.StatusOK, &d)
	require.Equal(t, userID, d.UserID)
	require.Equal(t, 0, d.TotalWorkouts)
	require.Equal(t, "2024-06-20", d.ComputedFor.String())
}

func TestDashboardInvalidUser(t *testing.T) {
	t.Parallel()
	s := setup(t)

	rec := s.do(http.MethodGet, "/v1/users/me/dashboard", nil)
	require.Equal(t, http.StatusBadRequest, rec.Code)
}
