// Package compattest holds the cases that every path serving the legacy
// calls must pass: the Go Service, the HTTP handler and the SQL functions
// of the PostgreSQL adapter. A path implements Caller and runs the table
// with Run, so the paths are compared on the same calls, key by key.
package compattest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compathttp"
)

// Caller makes one legacy call with named JSON arguments.
type Caller interface {
	Call(ctx context.Context, auth compat.Auth, function string, args map[string]any) (Reply, error)
}

// Reply is the outcome of one call, as an HTTP client would see it.
type Reply struct {
	// Status is the HTTP status the call maps to: 200 for a reply, 400 for
	// an argument of the wrong type, 403 for a forbidden call, 404 for an
	// unknown function or parameter set.
	Status int
	// Body is the JSON reply when Status is 200, else the error document.
	Body json.RawMessage
}

// ServiceCaller calls a compat.Service directly, mapping its errors to
// statuses as the HTTP handler does.
type ServiceCaller struct {
	Service *compat.Service
}

// Call encodes args, invokes the function and encodes its reply.
func (c ServiceCaller) Call(ctx context.Context, auth compat.Auth, function string, args map[string]any) (Reply, error) {
	raw, err := rawArgs(args)
	if err != nil {
		return Reply{}, err
	}

	result, err := c.Service.Invoke(ctx, auth, function, raw)
	if err != nil {
		status := compathttp.StatusCode(err)
		if status == http.StatusInternalServerError {
			return Reply{}, err
		}
		body, _ := json.Marshal(map[string]string{"message": err.Error()})
		return Reply{Status: status, Body: body}, nil
	}

	body, err := json.Marshal(result)
	if err != nil {
		return Reply{}, fmt.Errorf("encode reply of %s: %w", function, err)
	}
	return Reply{Status: http.StatusOK, Body: body}, nil
}

// rawArgs encodes each argument as JSON.
func rawArgs(args map[string]any) (map[string]json.RawMessage, error) {
	raw := make(map[string]json.RawMessage, len(args))
	for name, value := range args {
		encoded, err := json.Marshal(value)
		if err != nil {
			return nil, fmt.Errorf("encode argument %s: %w", name, err)
		}
		raw[name] = encoded
	}
	return raw, nil
}

// HTTPCaller calls a compathttp handler (or any PostgREST-style server)
// over HTTP, with a JWT signed for each call's Auth.
type HTTPCaller struct {
	// BaseURL is the server's address, such as "http://127.0.0.1:8080".
	BaseURL string
	// Secret signs the HS256 tokens.
	Secret []byte
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Now gives the issue time of the tokens; nil means time.Now.
	Now func() time.Time
}

// Call posts args to /rest/v1/rpc/<function>.
func (c HTTPCaller) Call(ctx context.Context, auth compat.Auth, function string, args map[string]any) (Reply, error) {
	body, err := json.Marshal(args)
	if err != nil {
		return Reply{}, fmt.Errorf("encode arguments of %s: %w", function, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+"/rest/v1/rpc/"+function, bytes.NewReader(body))
	if err != nil {
		return Reply{}, err
	}
	token, err := c.Token(auth)
	if err != nil {
		return Reply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)

	client := c.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return Reply{}, fmt.Errorf("call %s: %w", function, err)
	}
	defer resp.Body.Close()

	reply, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, fmt.Errorf("read reply of %s: %w", function, err)
	}
	return Reply{Status: resp.StatusCode, Body: reply}, nil
}

// Token signs a Supabase-style token for auth, valid for one hour.
func (c HTTPCaller) Token(auth compat.Auth) (string, error) {
	if len(c.Secret) == 0 {
		return "", errors.New("HTTPCaller.Secret is required")
	}
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}

	claims := jwt.MapClaims{"role": auth.Role, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	if auth.Role == compat.RoleAuthenticated {
		claims["sub"] = auth.UserID.String()
		claims["aud"] = "authenticated"
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(c.Secret)
}
