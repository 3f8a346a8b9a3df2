package workout

import (
	"fmt"
	"time"
	// The zone database is embedded so that local days come out the same on
	// machines without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// DefaultTimeZone is the IANA zone used for a challenge or a user that has
// none. Sao Paulo has been UTC-3 all year since 2019, but the rules always go
// through the zone database, so older dates get the daylight-saving offsets
// of their time.
const DefaultTimeZone = "America/Sao_Paulo"

// LoadZone returns the location named by an IANA zone name, or the
// DefaultTimeZone location when name is empty.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("load time zone %q: %w", name, err)
	}
	return loc, nil
}

// LocalDate is a calendar date without a time zone: the local day of an
// instant in some zone.
type LocalDate struct {
	Year  int
	Month time.Month
	Day   int
}

// LocalDateOf returns the calendar date of t in loc. A workout at 22:30 in
// Sao Paulo on 2 June (01:30 UTC on 3 June) belongs to 2 June.
func LocalDateOf(t time.Time, loc *time.Location) LocalDate {
	y, m, d := t.In(loc).Date()
	return LocalDate{Year: y, Month: m, Day: d}
}

// ParseLocalDate parses a date in the form 2006-01-02.
func ParseLocalDate(s string) (LocalDate, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return LocalDate{}, err
	}
	return LocalDateOf(t, time.UTC), nil
}

// String formats the date as 2006-01-02.
func (d LocalDate) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText formats the date as 2006-01-02.
func (d LocalDate) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a date in the form 2006-01-02.
func (d *LocalDate) UnmarshalText(b []byte) error {
	parsed, err := ParseLocalDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// IsZero reports whether d is the zero LocalDate.
func (d LocalDate) IsZero() bool { return d == LocalDate{} }

// midnightUTC returns the date as midnight UTC, a convenient instant for
// date arithmetic that no zone offset can shift.
func (d LocalDate) midnightUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the date n days after d (before d when n is negative).
func (d LocalDate) AddDays(n int) LocalDate {
	return LocalDateOf(d.midnightUTC().AddDate(0, 0, n), time.UTC)
}

// DaysSince returns the number of days from other to d, negative when d is
// before other.
func (d LocalDate) DaysSince(other LocalDate) int {
	return int(d.midnightUTC().Sub(other.midnightUTC()).Hours() / 24)
}

// Before reports whether d is before other.
func (d LocalDate) Before(other LocalDate) bool { return d.DaysSince(other) < 0 }

// After reports whether d is after other.
func (d LocalDate) After(other LocalDate) bool { return d.DaysSince(other) > 0 }

// Start returns the first instant of the date in loc.
func (d LocalDate) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}
