package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestSaveProfile(t *testing.T) {
	t.Parallel()
	s := setup(t)

	userID := uuid.New()
	body := map[string]string{"name": " Ana Souza ", "photo_url": "https://example.com/ana.jpg", "time_zone": "America/Manaus"}
	var profile workout.Profile
	s.call(http.MethodPut, "/v1/profiles/"+userID.String(), body, http.StatusOK, &profile)
	require.Equal(t, userID, profile.ID)
	require.Equal(t, "Ana Souza", profile.Name)

	stored, err := s.store.Profile(context.Background(), userID)
	require.NoError(t, err)
	require.Equal(t, profile, stored)

	// A second PUT replaces the profile.
	s.call(http.MethodPut, "/v1/profiles/"+userID.String(), map[string]string{"name": "Ana"}, http.StatusOK, &profile)
	stored, err = s.store.Profile(context.Background(), userID)
	require.NoError(t, err)
	require.Equal(t, workout.Profile{ID: userID, Name: "Ana"}, stored)
}

func TestSaveProfileValidation(t *testing.T) {
	t.Parallel()
	s := setup(t)

	body := map[string]string{"name": "", "photo_url": strings.Repeat("a", 2001), "time_zone": "Nowhere/City"}
	rec := s.do(http.MethodPut, "/v1/profiles/"+uuid.NewString(), body)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	require.ElementsMatch(t, []string{"name", "photo_url", "time_zone"}, fieldNames(errorResponse(t, rec)))

	rec = s.do(http.MethodPut, "/v1/profiles/ana", map[string]string{"name": "Ana"})
	require.Equal(t, http.StatusBadRequest, rec.Code)
}
