// Package compat serves the legacy RPC calls that the shipped mobile app
// makes, with their names, parameters, reply fields and Portuguese
// messages, on top of a workout.Pipeline. The app cannot be updated
// quickly, so these calls keep working while the library records workouts
// and runs the ranking and dashboard stages on its own terms. Package
// compathttp serves the same calls over HTTP at
// POST /rest/v1/rpc/{function}, as PostgREST did.
//
// Every call goes through a Service, which takes the caller's Auth. A
// signed-in user (RoleAuthenticated) may act only for itself, and a
// trusted backend (RoleServiceRole) may act for anyone. Any other caller
// gets a *ForbiddenError. Messages and error codes are in messages.go; the app
// shows the messages to its users and matches some by substring, so they
// never change.
//
// # record_workout_basic
//
// Records a workout (RecordWorkoutBasic) and queues its stages; it never
// waits for them. The client's workout id is stored as given and, when not
// empty, makes the idempotency key: the id itself up to 200 characters
// (workout.MaxNameLength), else "sha256:" and the hex SHA-256 of the id.
// Sending it again returns the first record with
// MessageWorkoutReplayed and stores nothing, and so does an identical
// workout without id sent again within the pipeline's replay window. With
// a record id to edit, the user's record is updated in place and its
// stages run again; a record of another user counts as not found. Invalid
// input gets success false, a message naming every invalid parameter and
// CodeInvalidInput, and nothing is stored. A client workout id that is not
// a UUID is plain text. The only client id that fails a call is one longer
// than 2000 characters (workout.MaxClientIDLength), rejected as invalid
// input naming p_workout_id or _workout_id. A date before 1900-01-01 is
// invalid input naming p_date or _date.
//
// # record_challenge_check_in_v2
//
// RecordChallengeCheckInV2 replies at once whether the workout earned the
// day's check-in, although the ranking stage that writes check-ins runs
// later: it applies the ranking rules (ranking.Evaluate) to the user's
// workouts in the challenge, including this one, exactly as the stage
// will. Its date carries the app's quirk: the app sends the local wall
// clock labelled as UTC, so the UTC clock fields are read in the legacy
// zone (Config.LegacyZone, America/Sao_Paulo by default).
//
// The workout is found or stored first. When _workout_id is the record id
// of a workout of the same user (typically the one record_workout_basic
// just returned), that record is used and no second workout is created.
// The record gets the challenge if it has none, a record of another
// challenge is rejected as invalid input, and the record's stored date and
// duration decide the reply. Such a call may leave out _workout_name and
// _workout_type, because the record's stored name and type replace them.
// _date and _duration_minutes are still required and validated. Otherwise the workout is recorded with
// _workout_id as idempotency key, so a retried call finds the first
// record, also one that record_workout_basic saved with the same client
// id.
//
// The reply, in order of precedence:
//
//	not an active or completed participant   true  0  MessageNotParticipant
//	local day outside the window, or future  true  0  MessageOutsideWindow
//	the day's check-in is another workout's  true  0  MessageAlreadyCheckedIn
//	shorter than the challenge minimum       true  0  MessageTooShort(min)
//	the workout owns its day's check-in,
//	  announced before                       true  0  MessageAlreadyCheckedIn
//	  first announcement                     true  points  MessageCheckInRecorded
//	unknown challenge                        false 0  MessageChallengeNotFound
//	invalid input                            false 0  names the parameters
//
// When the workout owns its local day's check-in, the call adds a marker
// for the workout and challenge through the CheckInAnnouncer (the table
// workoutflow_checkin_replies on PostgreSQL, shared with the SQL
// function). Only the call that adds the marker replies with the points.
// A repeated call for the same workout (by record id, by client id, or an
// identical workout within the replay window) finds the marker and gets
// MessageAlreadyCheckedIn with 0 points, the same check-in id and
// is_already_checked_in true. So of N concurrent identical calls exactly
// one reply carries the points. record_workout_basic never adds the
// marker, so the first check-in call for a workout it saved, with or
// without the challenge, gets the points. A workout earlier on its local
// day than the day's owner so far takes the check-in over, and its first
// call gets the points too. The ranking stage stores one check-in per day
// whatever the replies said, so the stored check-ins and points never
// count a day twice.
//
// In every success row the workout stays stored, even when it earned
// nothing. Only MessageAlreadyCheckedIn contains "já", which the app reads
// as "already checked in today". current_streak and streak carry the
// user's run of consecutive check-in days after the call.
//
// Calls of one user are serialized by the workout.Locker lock named
// UserLockKey(userID), so of several concurrent calls with different
// workouts for the same day, only the calls whose workout owns the day
// when they run, and whose check-in no earlier reply announced, reply with
// points. The storage adapters' locks span every
// process sharing the store, and the PostgreSQL adapter maps the name to
// the advisory lock that the SQL functions take, so Go and SQL calls of
// one user wait for each other too.
//
// NOTE: a retry whose first reply never reached the app (a timeout after
// the server answered) gets MessageAlreadyCheckedIn, so the app shows
// "already checked in" for a check-in whose points it never showed.
//
// # Operator calls
//
// DiagnoseAndRecoverWorkoutRecords (service role only) runs the
// Recoverer's RecoverRecent over the last days_back days: it queues the
// workouts missing from the queue, sends dead jobs back and counts
// recovered, missing and failed workouts. RetryWorkoutProcessing queues
// one workout's stages again through RetryWorkout, also when the workout
// is missing from the queue. Both use a recovery.Recoverer over the store
// unless Config.Recoverer is set. ProcessingStatus and ProcessingLabel
// give the queue row the app polls and the label it shows for it.
//
// # SQL functions
//
// The PostgreSQL adapter's migrations install the same four calls as SQL
// functions, one signature per name, for deployments where the app still
// calls the database directly. They write the same rows as the adapter
// (the workout, its queue row and a pending job per stage), so the
// library's workers run their stages, and they reply with the same keys
// and messages as the Service. Optional ids that the app may send as an
// empty string (p_challenge_id, p_workout_record_id) are text parameters,
// as Functions lists them. A signed-in caller is the user of auth.uid()
// where that function exists, as on Supabase; without it the caller is
// trusted like RoleServiceRole.
//
// The SQL functions read their settings from the one-row table
// workoutflow_legacy_settings, which must match the Go configuration
// when both paths serve one database:
//
//	legacy_zone       Config.LegacyZone (America/Sao_Paulo)
//	future_tolerance  workout.Config.FutureTolerance (1 hour)
//	replay_window     workout.Config.ReplayWindow (60 seconds)
//	stages            the pipeline's stage names (ranking, dashboard)
//
// # Replies in JSON
//
// The reply types marshal to the legacy keys. Every key of a
// record_workout_basic or check-in reply is always present, with null for
// an id or error code that does not apply, so replies from the Go service,
// the HTTP handler and the SQL functions compare key by key. Package
// compattest holds the shared cases that every path runs.
package compat
