package compat

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// Roles of a caller, as carried by the role claim of a Supabase-style JWT.
const (
	// RoleAuthenticated is a signed-in user, who may act only for itself.
	RoleAuthenticated = "authenticated"
	// RoleServiceRole is a trusted backend, which may act for any user and
	// call the operator functions.
	RoleServiceRole = "service_role"
)

// ErrForbidden is wrapped by every *ForbiddenError.
var ErrForbidden = errors.New("forbidden")

// Auth identifies the caller of a legacy function, usually from the claims
// of its JWT.
type Auth struct {
	// UserID is the signed-in user (the sub claim). It may be uuid.Nil for
	// RoleServiceRole.
	UserID uuid.UUID
	// Role is RoleAuthenticated or RoleServiceRole. Any other role is
	// rejected.
	Role string
}

// ServiceAuth returns the Auth of a trusted backend.
func ServiceAuth() Auth { return Auth{Role: RoleServiceRole} }

// UserAuth returns the Auth of the signed-in user userID.
func UserAuth(userID uuid.UUID) Auth { return Auth{UserID: userID, Role: RoleAuthenticated} }

// ForbiddenError is returned when the caller may not make a call: a user
// acting for another user, a user calling an operator function, or an
// unknown role. The HTTP handler maps it to status 403. It wraps
// ErrForbidden.
type ForbiddenError struct {
	// Function is the legacy function called.
	Function string
	// Auth is the caller.
	Auth Auth
	// Reason is why the call is rejected.
	Reason string
}

// Error describes the rejected call.
func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("%s: role %q user %s: %s", e.Function, e.Auth.Role, e.Auth.UserID, e.Reason)
}

// Unwrap returns ErrForbidden.
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

// authorizeFor checks that auth may act for the user subject. A user id
// that could not be parsed (uuid.Nil) passes, so that the call replies
// with the invalid parameter instead.
func authorizeFor(function string, auth Auth, subject uuid.UUID) error {
	switch auth.Role {
	case RoleServiceRole:
		return nil
	case RoleAuthenticated:
		if subject == uuid.Nil || subject == auth.UserID {
			return nil
		}
		return &ForbiddenError{Function: function, Auth: auth, Reason: fmt.Sprintf("may not act for user %s", subject)}
	}
	return &ForbiddenError{Function: function, Auth: auth, Reason: "unknown role"}
}

// authorizeOperator checks that auth may call an operator function.
func authorizeOperator(function string, auth Auth) error {
	if auth.Role == RoleServiceRole {
		return nil
	}
	return &ForbiddenError{Function: function, Auth: auth, Reason: "requires role " + RoleServiceRole}
}
