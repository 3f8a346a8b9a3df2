package compattest

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestWantCheckMatchingReply(t *testing.T) {
	t.Parallel()
	s := &State{ChallengeID: uuid.New(), t: t, replies: []any{map[string]any{"workout_id": "w-1"}}}
	want := Want{
		Fields:   map[string]any{"points_earned": 10, "challenge_id": Dynamic(func(s *State) any { return s.ChallengeID.String() })},
		NotNull:  []string{"message"},
		Null:     []string{"error_code"},
		SameAs:   map[string]int{"workout_id": 0},
		Contains: map[string][]string{"message": {"sucesso"}},
		Excludes: map[string][]string{"message": {"já"}},
	}
	body := `{"points_earned": 10.0, "challenge_id": "` + s.ChallengeID.String() + `", "message": "Check-in registrado com sucesso",
		"error_code": null, "workout_id": "w-1"}`

	decoded := want.check(t, s, 1, Reply{Status: http.StatusOK, Body: []byte(body)})
	require.IsType(t, map[string]any{}, decoded)
}

func TestWantCheckBareAndErrorReplies(t *testing.T) {
	t.Parallel()
	s := &State{t: t}

	require.Equal(t, false, Want{Body: false}.check(t, s, 0, Reply{Status: http.StatusOK, Body: []byte(`false`)}))
	Want{Status: http.StatusForbidden}.check(t, s, 0, Reply{Status: http.StatusForbidden, Body: []byte(`{"code":"42501"}`)})
}
