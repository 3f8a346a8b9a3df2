package main

import (
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// fieldParser converts text fields of a request and collects an error for
// every invalid one, so that a response can name all of them at once.
type fieldParser struct {
	fields []workout.FieldError
}

// add records an invalid field.
func (p *fieldParser) add(field, message string) {
	p.fields = append(p.fields, workout.FieldError{Field: field, Message: message})
}

// uuid parses an optional UUID: an empty value gives uuid.Nil.
func (p *fieldParser) uuid(field, value string) uuid.UUID {
	if value == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(value)
	if err != nil {
		p.add(field, "is not a valid UUID")
		return uuid.Nil
	}
	return id
}

// time parses an optional RFC 3339 instant: an empty value gives the zero
// time.
func (p *fieldParser) time(field, value string) time.Time {
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, value)
	if err != nil {
		p.add(field, "is not an RFC 3339 time such as 2024-06-02T22:30:00-03:00")
		return time.Time{}
	}
	return t
}

// merge adds the fields of err, when it is a *workout.ValidationError, that
// are not invalid already. A field that did not parse is often also
// reported as missing, and the parse error is the useful one.
func (p *fieldParser) merge(err error) {
	var verr *workout.ValidationError
	if !errors.As(err, &verr) {
		return
	}
	for _, field := range verr.Fields {
		if !p.has(field.Field) {
			p.fields = append(p.fields, field)
		}
	}
}

// has reports whether field is invalid already.
func (p *fieldParser) has(field string) bool {
	for _, f := range p.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// err returns a *workout.ValidationError listing the invalid fields, or nil.
func (p *fieldParser) err() error {
	if len(p.fields) == 0 {
		return nil
	}
	return &workout.ValidationError{Fields: p.fields}
}
