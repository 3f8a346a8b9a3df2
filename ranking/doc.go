// Package ranking turns recorded workouts into challenge check-ins, progress
// and positions. It holds the ranking stage, the rules it applies, and a
// Service that manages challenges and their participants.
//
// # Local days
//
// Every challenge has an IANA time zone (Challenge.TimeZone, by default
// workout.DefaultTimeZone, America/Sao_Paulo). A workout's local day is the
// calendar date of its instant in that zone, looked up in the zone
// database and never with a fixed offset, so dates before 2019 get Sao
// Paulo's daylight-saving offsets of their time. A workout at 22:30 in Sao
// Paulo on 2 June (01:30 UTC on 3 June) belongs to 2 June, and one at 00:30
// on 3 June belongs to 3 June.
//
// # Check-ins
//
// A workout recorded for a challenge qualifies for a check-in when all of
// these hold:
//
//   - the user is a member: an active or completed participant;
//   - its local day lies inside the window, from the local day of
//     StartDate to the local day of EndDate, both included;
//   - its local day is not after today, the local day of the current time;
//   - it lasts at least MinDurationMinutes (45 by default: 45 qualifies,
//     44 does not).
//
// A user gets at most one check-in per challenge and local day. It belongs
// to the qualifying workout that happened first that day; ties go to the
// one created first, then to the lowest record id. Its id is derived from
// the challenge, the user and the day (CheckInID), so it survives a
// recompute. A check-in is worth PointsPerCheckIn (10 by default); every
// other workout earns 0 points but stays stored.
//
// # Progress
//
// A user's progress in a challenge (Progress) depends only on the user's
// workouts:
//
//   - Points is the sum of the check-ins' points.
//   - CheckIns is the number of check-in days.
//   - LastCheckIn is the instant of the latest check-in.
//   - ConsecutiveDays is the run of consecutive check-in days that ends on
//     the latest one.
//   - CompletionPercentage is the check-ins over the window's days, capped
//     at 100 and rounded to two decimals (2 of 21 days gives 9.52).
//   - Completed is set when the check-ins reach MinCheckIns, or every day
//     of the window when MinCheckIns is zero.
//
// Because everything is recomputed from the stored workouts (Evaluate),
// editing, deleting or backdating a workout, or a job that arrives late,
// leaves the same results as workouts arriving in order. Deleting the
// workout that owns a day's check-in hands the day to the next qualifying
// workout of that day, or removes the check-in.
//
// # Positions
//
// Members are ranked by points (more first), then by the number of their
// workouts recorded for the challenge whose local day is inside the window,
// short and same-day ones included (more first), then by the last check-in
// (earlier first, none last). Members equal on all three share a position,
// as in competition ranking (1, 2, 2, 4). Dropped participants leave the
// ranking. For example, with A at 100 points and 15 workouts, B at 100 and
// 12, and C at 90 and 20, A is first, B second and C third (see Rank).
//
// Positions compare users, so they are written by a separate refresh of the
// whole challenge. The Stage coalesces these refreshes with a
// PositionRefresher: at most one runs per challenge at a time in a
// refresher, and the requests made meanwhile share one more run.
package ranking
