package tracking

import (
	"context"
	"encoding/json"
)

type clientInfoKey struct{}

// WithClientInfo returns a context that carries a description of the caller
// (app version, platform, request id, ...) as a JSON document. The pipeline
// copies it into the ClientInfo of the events it tracks for that call.
func WithClientInfo(ctx context.Context, info json.RawMessage) context.Context {
	return context.WithValue(ctx, clientInfoKey{}, info)
}

// ClientInfoFrom returns the client info stored by WithClientInfo, or nil.
func ClientInfoFrom(ctx context.Context) json.RawMessage {
	info, _ := ctx.Value(clientInfoKey{}).(json.RawMessage)
	return info
}
