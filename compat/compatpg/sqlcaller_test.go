package compatpg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compattest"
)

// sqlCaller calls the legacy SQL functions as PostgREST does: it reads the
// function's parameter types from pg_proc, casts each named argument from
// its JSON text to that type, and sets the caller's user id where
// auth.uid() reads it. Errors map to the statuses PostgREST would send.
type sqlCaller struct {
	pool *pgxpool.Pool
}

// Call runs SELECT to_jsonb(function(name => value, ...)) in one
// transaction.
func (c sqlCaller) Call(ctx context.Context, auth compat.Auth, function string, args map[string]any) (compattest.Reply, error) {
	types, err := c.paramTypes(ctx, function)
	if err != nil {
		return compattest.Reply{}, err
	}
	query, values, ok := buildCall(function, types, args)
	if !ok {
		return errorReply(http.StatusNotFound, "no function matches the parameters")
	}

	var body string
	err = pgx.BeginFunc(ctx, c.pool, func(tx pgx.Tx) error {
		sub := ""
		if auth.Role == compat.RoleAuthenticated {
			sub = auth.UserID.String()
		}
		// PostgREST reads a timestamptz without an offset in the session
		// zone, which is UTC in the deployments the app calls.
		if _, err := tx.Exec(ctx, `SELECT set_config('request.jwt.claim.sub', $1, true), set_config('TimeZone', 'UTC', true)`, sub); err != nil {
			return err
		}
		return tx.QueryRow(ctx, query, values...).Scan(&body)
	})
	if status, ok := statusOf(err); ok {
		return errorReply(status, err.Error())
	}
	if err != nil {
		return compattest.Reply{}, fmt.Errorf("call %s: %w", function, err)
	}
	// The SQL functions reply to a user acting for another user with an
	// error reply, and the HTTP server rejects the same call with 403.
	if strings.Contains(body, `"error_code": "FORBIDDEN"`) {
		return compattest.Reply{Status: http.StatusForbidden, Body: json.RawMessage(body)}, nil
	}
	return compattest.Reply{Status: http.StatusOK, Body: json.RawMessage(body)}, nil
}

// paramTypes returns the parameter types of the function by name, or nil
// when no function has the name.
func (c sqlCaller) paramTypes(ctx context.Context, function string) (map[string]paramType, error) {
	rows, _ := c.pool.Query(ctx, `
		SELECT a.name, format_type(a.type, NULL), a.n > p.pronargs - p.pronargdefaults
		  FROM pg_proc p,
		       unnest(p.proargnames, p.proargtypes::oid[]) WITH ORDINALITY AS a(name, type, n)
		 WHERE p.proname = $1 AND p.pronamespace = current_schema()::regnamespace`, function)
	types := map[string]paramType{}
	var name, typ string
	var optional bool
	_, err := pgx.ForEachRow(rows, []any{&name, &typ, &optional}, func() error {
		types[name] = paramType{sqlType: typ, optional: optional}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("parameters of %s: %w", function, err)
	}
	return types, nil
}

type paramType struct {
	sqlType  string
	optional bool
}

// buildCall returns the query and its text arguments, or false when args
// name an unknown parameter or miss a required one.
func buildCall(function string, types map[string]paramType, args map[string]any) (string, []any, bool) {
	if len(types) == 0 {
		return "", nil, false
	}
	for name, typ := range types {
		if _, ok := args[name]; !ok && !typ.optional {
			return "", nil, false
		}
	}

	var named []string
	var values []any
	for name, value := range args {
		typ, ok := types[name]
		if !ok {
			return "", nil, false
		}
		values = append(values, textOf(value))
		named = append(named, fmt.Sprintf("%s => $%d::text::%s", name, len(values), typ.sqlType))
	}
	return fmt.Sprintf("SELECT to_jsonb(%s(%s))::text", function, strings.Join(named, ", ")), values, true
}

// textOf returns the JSON value as PostgreSQL text input, nil for null.
func textOf(value any) any {
	switch v := value.(type) {
	case nil:
		return nil
	case string:
		return v
	}
	return fmt.Sprint(value)
}

// statusOf maps the errors PostgREST turns into client errors.
func statusOf(err error) (int, bool) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return 0, false
	}
	switch pgErr.Code {
	case "42883":
		return http.StatusNotFound, true
	case "42501":
		return http.StatusForbidden, true
	case "22P02", "22007", "22008", "22021", "22003":
		return http.StatusBadRequest, true
	}
	return 0, false
}

func errorReply(status int, message string) (compattest.Reply, error) {
	body, err := json.Marshal(map[string]string{"message": message})
	return compattest.Reply{Status: status, Body: body}, err
}
