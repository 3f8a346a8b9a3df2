package main

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestFieldParserValues(t *testing.T) {
	t.Parallel()

	var p fieldParser
	id := uuid.New()
	require.Equal(t, id, p.uuid("user_id", id.String()))
	require.Equal(t, uuid.Nil, p.uuid("challenge_id", ""))
	require.True(t, p.time("date", "2024-06-02T22:30:00-03:00").Equal(time.Date(2024, 6, 3, 1, 30, 0, 0, time.UTC)))
	require.True(t, p.time("date", "").IsZero())
	require.NoError(t, p.err())
}

func TestFieldParserCollectsErrors(t *testing.T) {
	t.Parallel()

	var p fieldParser
	p.uuid("user_id", "ana")
	p.time("date", "2024-06-02")
	p.merge(&workout.ValidationError{Fields: []workout.FieldError{
		{Field: "user_id", Message: "is required"},
		{Field: "workout_type", Message: "is required"},
	}})
	p.merge(errors.New("not a validation error"))

	var verr *workout.ValidationError
	require.ErrorAs(t, p.err(), &verr)
	require.Equal(t, []workout.FieldError{
		{Field: "user_id", Message: "is not a valid UUID"},
		{Field: "date", Message: "is not an RFC 3339 time such as 2024-06-02T22:30:00-03:00"},
		{Field: "workout_type", Message: "is required"},
	}, verr.Fields)
}
