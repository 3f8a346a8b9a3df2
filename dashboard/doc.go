// Package dashboard keeps each user's dashboard: the totals the app shows on
// the user's home screen, stored as one row of user_progress per user.
//
// A dashboard is derived only from the user's stored workouts and the
// check-ins the ranking rules grant in the user's challenges. Compute is the
// pure function that derives it; Stage runs it as a pipeline stage after
// each recorded, edited or deleted workout; Service reads it for display.
//
// # Rules
//
// Days are local calendar days in the user's IANA time zone
// (workout.DefaultTimeZone, America/Sao_Paulo, when the profile has none),
// computed through the zone database. A workout at 23:30 in Sao Paulo on
// 31 May is 02:30 UTC on 1 June, yet it belongs to 31 May and to May.
//
//   - Total workouts, total minutes and workouts by type count every stored
//     workout, including one dated slightly after the time of the
//     computation (recording accepts dates up to an hour ahead).
//   - Minutes this month and days trained this month cover the local
//     calendar month of the day the dashboard was computed for. Several
//     workouts on one day count as one day.
//   - The current streak is the number of consecutive local days with a
//     workout in the run that ends today, or yesterday when today has no
//     workout yet. It is 0 when the latest run ended two or more days ago.
//     The longest streak is the longest such run ever.
//   - Points and check-ins come only from challenge check-ins, recomputed
//     with the ranking rules for every challenge the user has a participant
//     row in. A workout that earns no check-in (too short, a second workout
//     on the same day, outside the window, or in a challenge the user is not
//     a member of) adds no points.
//   - The level is 1 plus one level per PointsPerLevel points.
//   - Challenges completed counts the challenges whose progress reached the
//     required number of check-ins.
//
// # Freshness
//
// The month figures and the current streak depend on the day they were
// computed for, stored in ComputedFor. Service.Dashboard recomputes a row
// computed for an earlier day before returning it, so last month's minutes
// never appear as this month's and a broken streak does not linger.
//
// A missing profile row never blocks the dashboard: the default profile is
// used instead. The stage replaces the stored row as a whole, so a retried
// job cannot count a workout twice.
package dashboard
