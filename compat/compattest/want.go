package compattest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Dynamic is a value of Want.Fields computed from the case's state, such
// as the case's challenge id.
type Dynamic func(s *State) any

// Want is the expected content of a step's reply. Keys not named are not
// checked.
type Want struct {
	// Status is the expected status; 0 means 200.
	Status int
	// Body, when not nil, is the whole expected reply, such as true.
	Body any
	// Fields maps keys to their exact values, or to a Dynamic that
	// computes the value.
	Fields map[string]any
	// NotNull and Null list keys that must be present with a non-null or a
	// null value.
	NotNull, Null []string
	// SameAs maps a key to an earlier step whose reply had the same value.
	SameAs map[string]int
	// Contains maps a key to substrings its string value must contain, and
	// Excludes to substrings it must not contain.
	Contains, Excludes map[string][]string
}

// check compares the reply with w and returns the decoded body. For a
// status other than 200 it returns only {"status": status}, because the
// error documents of the paths word their messages differently.
func (w Want) check(t *testing.T, s *State, step int, reply Reply) any {
	t.Helper()
	status := w.Status
	if status == 0 {
		status = http.StatusOK
	}
	require.Equal(t, status, reply.Status, "step %d status, body %s", step, reply.Body)
	if status != http.StatusOK {
		return map[string]any{"status": status}
	}

	var body any
	require.NoError(t, json.Unmarshal(reply.Body, &body), "step %d body %s", step, reply.Body)
	if w.Body != nil {
		require.Equal(t, normalize(t, w.Body), body, "step %d body", step)
	}
	if w.Body != nil {
		return body
	}

	object, ok := body.(map[string]any)
	require.True(t, ok, "step %d: reply is not an object: %s", step, reply.Body)
	w.checkObject(t, s, step, object)
	return body
}

func (w Want) checkObject(t *testing.T, s *State, step int, object map[string]any) {
	t.Helper()
	for key, want := range w.Fields {
		if dynamic, ok := want.(Dynamic); ok {
			want = dynamic(s)
		}
		require.Contains(t, object, key, "step %d", step)
		require.Equal(t, normalize(t, want), object[key], "step %d key %s", step, key)
	}
	for _, key := range w.NotNull {
		require.Contains(t, object, key, "step %d", step)
		require.NotNil(t, object[key], "step %d key %s", step, key)
	}
	for _, key := range w.Null {
		require.Contains(t, object, key, "step %d", step)
		require.Nil(t, object[key], "step %d key %s", step, key)
	}
	for key, earlier := range w.SameAs {
		previous, ok := s.Reply(earlier).(map[string]any)
		require.True(t, ok, "step %d: reply of step %d is not an object", step, earlier)
		require.NotNil(t, object[key], "step %d key %s", step, key)
		require.Equal(t, previous[key], object[key], "step %d key %s against step %d", step, key, earlier)
	}
	for key, parts := range w.Contains {
		text, _ := object[key].(string)
		for _, part := range parts {
			require.True(t, strings.Contains(text, part), "step %d key %s = %q, want it to contain %q", step, key, text, part)
		}
	}
	for key, parts := range w.Excludes {
		text, _ := object[key].(string)
		for _, part := range parts {
			require.False(t, strings.Contains(text, part), "step %d key %s = %q, want it without %q", step, key, text, part)
		}
	}
}

// normalize returns value as JSON decodes it, so that 10 and 10.0 compare
// equal.
func normalize(t *testing.T, value any) any {
	encoded, err := json.Marshal(value)
	require.NoError(t, err)
	var decoded any
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	return decoded
}
