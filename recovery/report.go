package recovery

import (
	"time"

	"github.com/google/uuid"
)

// Kind names a kind of finding.
type Kind string

// The kinds of findings. Each finding is counted under exactly one kind, so
// a job is never counted as both failed and dead.
const (
	// KindUnqueued is a workout without its queue row or without a job for
	// one of the pipeline's stages. Repair queues the missing stages.
	KindUnqueued Kind = "unqueued_workout"
	// KindExpiredLease is a running job whose lease ended: its worker
	// crashed or stalled. The next claim takes it over, so Repair does
	// nothing.
	KindExpiredLease Kind = "expired_lease"
	// KindFailed is a job whose last attempt failed and that waits, pending,
	// for its next automatic attempt. Repair leaves it to the queue.
	KindFailed Kind = "failed_job"
	// KindDead is a job that failed its maximum number of attempts. Repair
	// sends it back to the queue when Options.RetryDead or
	// Config.RetryDeadPolicy allows it.
	KindDead Kind = "dead_job"
	// KindOrphanCheckIn is a stored check-in whose workout no longer
	// exists or is no longer recorded for the challenge.
	KindOrphanCheckIn Kind = "orphan_check_in"
	// KindDuplicateCheckIn is a surplus stored check-in: another check-in
	// of the same user in the same challenge is kept for its local day.
	KindDuplicateCheckIn Kind = "duplicate_check_in"
	// KindCheckInDrift is any other difference between a user's stored
	// check-ins and the ones the ranking rules give.
	KindCheckInDrift Kind = "check_in_drift"
	// KindProgressDrift is a progress row whose figures differ from the
	// ones the ranking rules give, or a member's missing progress row.
	KindProgressDrift Kind = "progress_drift"
	// KindWorkoutPointsDrift is a workout whose stored points differ from
	// the points its check-in earns.
	KindWorkoutPointsDrift Kind = "workout_points_drift"
	// KindPositionDrift is a member whose stored position differs from the
	// rank of the stored progress rows, such as after a position refresh
	// that failed. Only runs without Since check it.
	KindPositionDrift Kind = "position_drift"
	// KindDashboardDrift is a stored dashboard whose figures differ from a
	// recompute.
	KindDashboardDrift Kind = "dashboard_drift"
)

// Kinds lists every Kind in the order a Report sorts its findings.
var Kinds = []Kind{
	KindUnqueued, KindExpiredLease, KindFailed, KindDead,
	KindOrphanCheckIn, KindDuplicateCheckIn, KindCheckInDrift, KindProgressDrift,
	KindWorkoutPointsDrift, KindPositionDrift, KindDashboardDrift,
}

// Repair actions a Finding can name.
const (
	ActionNone               = "none"
	ActionQueueStages        = "queue_stages"
	ActionRetryJobs          = "retry_jobs"
	ActionRecomputeRanking   = "recompute_ranking"
	ActionRefreshPositions   = "refresh_positions"
	ActionRecomputeDashboard = "recompute_dashboard"
)

// Finding is one problem found by a Diagnose or Repair run.
type Finding struct {
	Kind Kind `json:"kind"`
	// WorkoutID and Stage identify the workout or job of queue findings
	// and the workout of check-in findings. Other findings leave them zero.
	WorkoutID uuid.UUID `json:"workout_id,omitempty"`
	Stage     string    `json:"stage,omitempty"`
	// UserID is the user concerned. ChallengeID is the challenge of ranking
	// findings and job findings that name one.
	UserID      uuid.UUID `json:"user_id"`
	ChallengeID uuid.UUID `json:"challenge_id,omitempty"`
	// Detail describes the problem, such as "points 55, expected 50".
	Detail string `json:"detail"`
	// Action is the repair for the finding (ActionNone when it needs
	// none). Diagnose fills it with what Repair would do.
	Action string `json:"action"`
	// Repaired is set when a Repair run carried out Action.
	Repaired bool `json:"repaired"`
	// Error is the message of a repair that failed.
	Error string `json:"error,omitempty"`
}

// Report is the result of a Diagnose or Repair run.
type Report struct {
	// Options are the options of the run.
	Options Options `json:"options"`
	// Repair is set for a Repair run, including a dry run.
	Repair bool `json:"repair"`
	// StartedAt and FinishedAt are clock times of the run.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Findings lists every finding, sorted by kind in the order of Kinds.
	Findings []Finding `json:"findings"`
}

// Count returns the number of findings of the kind.
func (r *Report) Count(kind Kind) int {
	return len(r.Of(kind))
}

// RepairedCount returns the number of findings of the kind that were
// repaired.
func (r *Report) RepairedCount(kind Kind) int {
	count := 0
	for _, f := range r.Of(kind) {
		if f.Repaired {
			count++
		}
	}
	return count
}

// Counts returns the number of findings of every kind that has one.
func (r *Report) Counts() map[Kind]int {
	counts := make(map[Kind]int)
	for _, f := range r.Findings {
		counts[f.Kind]++
	}
	return counts
}

// Of returns the findings of the kind, in report order.
func (r *Report) Of(kind Kind) []Finding {
	var found []Finding
	for _, f := range r.Findings {
		if f.Kind == kind {
			found = append(found, f)
		}
	}
	return found
}

// WorkoutIDs returns the distinct workout ids of the findings of the kind,
// in report order. Findings without a workout are left out.
func (r *Report) WorkoutIDs(kind Kind) []uuid.UUID {
	return distinct(r.Of(kind), func(f Finding) uuid.UUID { return f.WorkoutID })
}

// UserIDs returns the distinct user ids of the findings of the kind, in
// report order.
func (r *Report) UserIDs(kind Kind) []uuid.UUID {
	return distinct(r.Of(kind), func(f Finding) uuid.UUID { return f.UserID })
}

// Clean reports whether the run found nothing.
func (r *Report) Clean() bool { return len(r.Findings) == 0 }

func distinct(findings []Finding, id func(Finding) uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]bool)
	var ids []uuid.UUID
	for _, f := range findings {
		value := id(f)
		if value == uuid.Nil || seen[value] {
			continue
		}
		seen[value] = true
		ids = append(ids, value)
	}
	return ids
}
