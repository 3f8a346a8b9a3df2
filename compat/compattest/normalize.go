package compattest

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"
)

// NormalizeReplies returns a copy of the replies of one case run in which
// every UUID string becomes "id#n", numbered in order of first appearance
// with the keys of an object taken in sorted order,
// and every timestamp string becomes "<timestamp>". Replies of two paths
// that made the same calls are then equal exactly when they agree on
// every key, on which replies share an id, and on every other value.
func NormalizeReplies(replies []any) []any {
	ids := map[string]string{}
	normalized := make([]any, len(replies))
	for i, reply := range replies {
		normalized[i] = normalizeValue(reply, ids)
	}
	return normalized
}

func normalizeValue(value any, ids map[string]string) any {
	switch v := value.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for _, key := range slices.Sorted(maps.Keys(v)) {
			out[key] = normalizeValue(v[key], ids)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = normalizeValue(item, ids)
		}
		return out
	case string:
		return normalizeString(v, ids)
	}
	return value
}

func normalizeString(s string, ids map[string]string) string {
	if id, err := uuid.Parse(s); err == nil && len(s) == 36 {
		key := id.String()
		if _, ok := ids[key]; !ok {
			ids[key] = fmt.Sprintf("id#%d", len(ids)+1)
		}
		return ids[key]
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return "<timestamp>"
	}
	return s
}
