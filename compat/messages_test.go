package compat_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

func TestMessagesOnlyDuplicateSaysJa(t *testing.T) {
	t.Parallel()
	others := []string{
		compat.MessageCheckInRecorded, compat.MessageNotParticipant, compat.MessageOutsideWindow,
		compat.MessageChallengeNotFound, compat.MessageCheckInInternal, compat.MessageTooShort(45),
	}
	for _, message := range others {
		require.NotContains(t, message, "já")
	}
	require.Contains(t, compat.MessageAlreadyCheckedIn, "já")
	require.Equal(t, "Duração mínima para desafios é de 45 minutos.", compat.MessageTooShort(45))
}
