package compat

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestAuthorizeFor(t *testing.T) {
	t.Parallel()
	user, other := uuid.New(), uuid.New()

	tests := []struct {
		name    string
		auth    Auth
		subject uuid.UUID
		allowed bool
	}{
		{"user for itself", UserAuth(user), user, true},
		{"user for another user", UserAuth(user), other, false},
		{"user with unparsed subject", UserAuth(user), uuid.Nil, true},
		{"service for anyone", ServiceAuth(), other, true},
		{"anonymous", Auth{Role: "anon"}, user, false},
		{"no role", Auth{UserID: user}, user, false},
	}
	for _, tt := range tests {
		err := authorizeFor(FunctionRecordWorkoutBasic, tt.auth, tt.subject)
		if tt.allowed {
			require.NoError(t, err, tt.name)
			continue
		}
		var forbidden *ForbiddenError
		require.True(t, errors.As(err, &forbidden), tt.name)
		require.ErrorIs(t, err, ErrForbidden, tt.name)
		require.Contains(t, err.Error(), FunctionRecordWorkoutBasic, tt.name)
	}
}

func TestAuthorizeOperator(t *testing.T) {
	t.Parallel()
	require.NoError(t, authorizeOperator(FunctionDiagnoseAndRecover, ServiceAuth()))
	require.ErrorIs(t, authorizeOperator(FunctionDiagnoseAndRecover, UserAuth(uuid.New())), ErrForbidden)
}
