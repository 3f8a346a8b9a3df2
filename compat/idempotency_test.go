package compat

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	short := strings.Repeat("é", 200)
	require.Equal(t, "", idempotencyKey(""))
	require.Equal(t, "app-1", idempotencyKey("app-1"))
	require.Equal(t, short, idempotencyKey(short), "200 characters are the key itself")

	long := short + "x"
	key := idempotencyKey(long)
	// sha256sum of the same 201 characters in UTF-8.
	require.Equal(t, "sha256:8ea881398df1e37b60b48f733f7b11d1e486d624c8669f65d39110c6e7a41fa8", key)
	require.Equal(t, key, idempotencyKey(long), "the key is stable")
	require.NotEqual(t, key, idempotencyKey(short+"y"))
}
