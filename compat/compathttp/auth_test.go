package compathttp

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBearerToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers map[string]string
		want    string
	}{
		{"bearer", map[string]string{"Authorization": "Bearer abc"}, "abc"},
		{"lower-case scheme", map[string]string{"Authorization": "bearer  abc "}, "abc"},
		{"apikey only", map[string]string{"apikey": "key"}, "key"},
		{"authorization first", map[string]string{"Authorization": "Bearer abc", "apikey": "key"}, "abc"},
		{"other scheme", map[string]string{"Authorization": "Basic abc", "apikey": "key"}, ""},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(http.MethodPost, "/rest/v1/rpc/x", nil)
		require.NoError(t, err)
		for key, value := range tt.headers {
			req.Header.Set(key, value)
		}
		require.Equal(t, tt.want, bearerToken(req), tt.name)
	}
}
