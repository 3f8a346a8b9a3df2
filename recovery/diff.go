package recovery

import (
	"fmt"
	"time"
)

// differences collects one "name got, expected want" entry per field that
// differs between a stored row and its recompute.
type differences []string

func (d *differences) add(name string, got, want any) {
	*d = append(*d, fmt.Sprintf("%s %v, expected %v", name, got, want))
}

// diffValue adds an entry when got and want differ.
func diffValue[T comparable](d *differences, name string, got, want T) {
	if got != want {
		d.add(name, got, want)
	}
}

// diffTime adds an entry when got and want are not the same instant; nil
// stands for no time.
func diffTime(d *differences, name string, got, want *time.Time) {
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		d.add(name, formatTime(got), formatTime(want))
	case !got.Equal(*want):
		d.add(name, formatTime(got), formatTime(want))
	}
}

func formatTime(t *time.Time) string {
	if t == nil {
		return "none"
	}
	return t.UTC().Format(time.RFC3339Nano)
}
