package compathttp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/compat"
)

// tokenLeeway is the clock skew allowed when checking a token's times.
const tokenLeeway = 30 * time.Second

// errMissingToken is returned when a request carries no token.
var errMissingToken = errors.New("missing token: send Authorization: Bearer <JWT> or the apikey header")

// claims are the claims of a Supabase-style token that the handler reads.
type claims struct {
	jwt.RegisteredClaims
	Role string `json:"role"`
}

// bearerToken returns the request's token: the bearer token of the
// Authorization header, else the apikey header, as PostgREST behind the
// Supabase gateway accepts either.
func bearerToken(r *http.Request) string {
	if header := r.Header.Get("Authorization"); header != "" {
		scheme, token, found := strings.Cut(header, " ")
		if found && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
		return ""
	}
	return strings.TrimSpace(r.Header.Get("apikey"))
}

// authenticate returns the caller of r. Without a secret (development
// mode) every request acts as the service role.
func (h *Handler) authenticate(r *http.Request) (compat.Auth, error) {
	if len(h.secret) == 0 {
		return compat.ServiceAuth(), nil
	}

	raw := bearerToken(r)
	if raw == "" {
		if h.allowUnauthenticated {
			return compat.ServiceAuth(), nil
		}
		return compat.Auth{}, errMissingToken
	}
	return h.verify(raw)
}

// verify checks an HS256 token and returns its Auth. Only the roles
// authenticated (with a UUID sub) and service_role may call.
func (h *Handler) verify(raw string) (compat.Auth, error) {
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return h.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(h.clock.Now),
		jwt.WithLeeway(tokenLeeway),
	)
	if err != nil {
		return compat.Auth{}, fmt.Errorf("invalid token: %w", err)
	}

	switch c.Role {
	case compat.RoleServiceRole:
		return compat.ServiceAuth(), nil
	case compat.RoleAuthenticated:
		userID, err := uuid.Parse(c.Subject)
		if err != nil {
			return compat.Auth{}, fmt.Errorf("invalid token: sub %q is not a UUID", c.Subject)
		}
		return compat.UserAuth(userID), nil
	}
	return compat.Auth{}, fmt.Errorf("invalid token: role %q may not call the legacy functions", c.Role)
}

// unauthorized returns the error document of a failed authentication.
func unauthorized(err error) APIError {
	if errors.Is(err, errMissingToken) {
		return APIError{Code: CodeMissingToken, Message: err.Error()}
	}
	return APIError{Code: CodeInvalidToken, Message: err.Error()}
}
