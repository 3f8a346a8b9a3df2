package memstore

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"
	"weak"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// Interface checks.
var (
	_ recovery.Store        = (*Store)(nil)
	_ workout.LeaderElector = (*Store)(nil)
)

// UnqueuedWorkouts returns the workouts created at or after since that have
// no queue row or lack a job of one of stages, oldest first. See
// recovery.QueueScanner.
func (s *Store) UnqueuedWorkouts(ctx context.Context, since time.Time, stages []string) ([]workout.Workout, error) {
	since = storedTime(since)

	s.mu.Lock()
	defer s.mu.Unlock()

	found := []workout.Workout{}
	for _, w := range s.workouts {
		if w.CreatedAt.Before(since) || !s.lacksQueue(w.ID, stages) {
			continue
		}
		found = append(found, cloneWorkout(w))
	}
	sort.Slice(found, func(i, j int) bool { return createdBefore(found[i], found[j]) })
	return found, nil
}

// lacksQueue reports whether the workout has no queue row or no job of one
// of stages. The caller holds s.mu.
func (s *Store) lacksQueue(workoutID uuid.UUID, stages []string) bool {
	if _, ok := s.queue[workoutID]; !ok {
		return true
	}
	for _, stage := range stages {
		if _, ok := s.jobs[jobKey{workoutID: workoutID, stage: stage}]; !ok {
			return true
		}
	}
	return false
}

// QueueWorkouts inserts the missing queue rows and jobs of existing
// workouts and returns the ids of the workouts it changed. See
// recovery.QueueScanner.
func (s *Store) QueueWorkouts(ctx context.Context, ids []uuid.UUID, stages []string, now time.Time) ([]uuid.UUID, error) {
	now = storedTime(now)
	stages = uniqueStages(stages)

	s.mu.Lock()
	defer s.mu.Unlock()

	queued := []uuid.UUID{}
	for _, id := range ids {
		w, ok := s.workouts[id]
		if !ok || slices.Contains(queued, id) {
			continue
		}
		if s.queueMissing(w, stages, now) {
			queued = append(queued, id)
		}
	}
	if len(queued) > 0 {
		s.notify()
	}
	return queued, nil
}

// queueMissing inserts the workout's queue row if it is missing and a
// pending job for each stage without one. It reports whether it inserted
// anything. The caller holds s.mu.
func (s *Store) queueMissing(w workout.Workout, stages []string, now time.Time) bool {
	row, hasRow := s.queue[w.ID]
	if !hasRow {
		row = queueRow{WorkoutID: w.ID, UserID: w.UserID, ChallengeID: w.ChallengeID, CreatedAt: now}
	}
	changed := !hasRow

	for _, stage := range stages {
		key := jobKey{workoutID: w.ID, stage: stage}
		if _, ok := s.jobs[key]; ok {
			continue
		}
		s.jobs[key] = newJob(w, stage, now)
		setProcessedFlag(&row, stage, false)
		row.ProcessedAt = nil
		changed = true
	}
	if changed {
		s.queue[w.ID] = row
	}
	return changed
}

// UnhealthyJobs returns the dead jobs, the pending jobs after a failed
// attempt and the running jobs with an expired lease, created at or after
// since. See recovery.QueueScanner.
func (s *Store) UnhealthyJobs(ctx context.Context, since, now time.Time) ([]workout.Job, error) {
	since, now = storedTime(since), storedTime(now)

	s.mu.Lock()
	defer s.mu.Unlock()

	found := []workout.Job{}
	for _, job := range s.jobs {
		if !job.CreatedAt.Before(since) && isUnhealthy(job, now) {
			found = append(found, cloneJob(job))
		}
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		if c := bytes.Compare(a.WorkoutID[:], b.WorkoutID[:]); c != 0 {
			return c < 0
		}
		return a.Stage < b.Stage
	})
	return found, nil
}

func isUnhealthy(job workout.Job, now time.Time) bool {
	switch job.State {
	case workout.JobDead:
		return true
	case workout.JobPending:
		return job.Attempt > 0 && job.LastError != ""
	case workout.JobRunning:
		return !job.LeaseExpiresAt.After(now)
	default:
		return false
	}
}

// RankingKeys returns the (challenge, user) pairs with a participant row, a
// progress row or a check-in. See recovery.ResultIndex.
func (s *Store) RankingKeys(ctx context.Context, since time.Time) ([]recovery.MemberKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	recent := s.usersWithWorkoutsSince(storedTime(since))
	seen := make(map[memberKey]bool)
	add := func(key memberKey) {
		if recent == nil || recent[key.userID] {
			seen[key] = true
		}
	}
	for key := range s.participants {
		add(key)
	}
	for key := range s.progress {
		add(key)
	}
	for key, rows := range s.checkIns {
		if len(rows) > 0 {
			add(key)
		}
	}

	keys := make([]recovery.MemberKey, 0, len(seen))
	for key := range seen {
		keys = append(keys, recovery.MemberKey{ChallengeID: key.challengeID, UserID: key.userID})
	}
	sort.Slice(keys, func(i, j int) bool {
		if c := bytes.Compare(keys[i].ChallengeID[:], keys[j].ChallengeID[:]); c != 0 {
			return c < 0
		}
		return bytes.Compare(keys[i].UserID[:], keys[j].UserID[:]) < 0
	})
	return keys, nil
}

// DashboardUsers returns the users with a stored dashboard. See
// recovery.ResultIndex.
func (s *Store) DashboardUsers(ctx context.Context, since time.Time) ([]uuid.UUID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	recent := s.usersWithWorkoutsSince(storedTime(since))
	users := []uuid.UUID{}
	for userID := range s.dashboards {
		if recent == nil || recent[userID] {
			users = append(users, userID)
		}
	}
	sort.Slice(users, func(i, j int) bool { return bytes.Compare(users[i][:], users[j][:]) < 0 })
	return users, nil
}

// usersWithWorkoutsSince returns the owners of the workouts created at or
// after since, or nil when since is zero, which means every user. The
// caller holds s.mu.
func (s *Store) usersWithWorkoutsSince(since time.Time) map[uuid.UUID]bool {
	if since.IsZero() {
		return nil
	}
	users := make(map[uuid.UUID]bool)
	for _, w := range s.workouts {
		if !w.CreatedAt.Before(since) {
			users[w.UserID] = true
		}
	}
	return users
}

// maintenanceLease is a lease taken with TryLead.
type maintenanceLease struct {
	owner   string
	expires time.Time
}

// leaseTables holds the leases of every Store. They live outside Store so
// that this file can add them without changing the struct. The key is a
// weak pointer, and a cleanup drops a table once its Store is collected.
var leaseTables = struct {
	mu      sync.Mutex
	byStore map[weak.Pointer[Store]]map[string]maintenanceLease
}{byStore: make(map[weak.Pointer[Store]]map[string]maintenanceLease)}

// TryLead takes or renews the lease called name for owner until now plus
// ttl. It succeeds when the lease is free, already held by owner, or
// expired at or before now. See workout.LeaderElector.
func (s *Store) TryLead(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	now = storedTime(now)

	leaseTables.mu.Lock()
	defer leaseTables.mu.Unlock()

	key := weak.Make(s)
	leases, ok := leaseTables.byStore[key]
	if !ok {
		leases = make(map[string]maintenanceLease)
		leaseTables.byStore[key] = leases
		runtime.AddCleanup(s, dropLeases, key)
	}

	current, exists := leases[name]
	if exists && current.owner != owner && current.expires.After(now) {
		return false, nil
	}
	leases[name] = maintenanceLease{owner: owner, expires: storedTime(now.Add(ttl))}
	return true, nil
}

func dropLeases(key weak.Pointer[Store]) {
	leaseTables.mu.Lock()
	defer leaseTables.mu.Unlock()
	delete(leaseTables.byStore, key)
}

// The methods below inject faults for tests of recovery: each writes rows
// the way a faulty or legacy writer would, bypassing the rules the library
// keeps. The library never calls them.

// InsertWorkoutWithoutQueue stores w with CreatedAt and UpdatedAt set to now
// but without its queue row or jobs, as an old SQL function writing
// workout_records directly would. A nil ID gets a new one. It returns the
// stored workout, or an error wrapping storage.ErrConflict when the id is in
// use.
func (s *Store) InsertWorkoutWithoutQueue(ctx context.Context, w workout.Workout, now time.Time) (workout.Workout, error) {
	if w.ID == uuid.Nil {
		w.ID = uuid.New()
	}
	w = storedWorkout(w)
	w.CreatedAt = storedTime(now)
	w.UpdatedAt = w.CreatedAt

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, taken := s.workouts[w.ID]; taken {
		return workout.Workout{}, fmt.Errorf("insert workout %s without queue: id in use: %w", w.ID, storage.ErrConflict)
	}
	s.workouts[w.ID] = w
	if w.IdempotencyKey != "" {
		s.keys[idempotencyKey{userID: w.UserID, key: w.IdempotencyKey}] = w.ID
	}
	return cloneWorkout(w), nil
}

// DeleteWorkoutWithoutQueue removes a workout as a plain SQL DELETE on
// workout_records would: its queue row goes with it, but no stage is queued,
// so its check-ins, progress and dashboard figures stay. Its jobs are kept,
// like the PostgreSQL job rows, which have no foreign key to the workout. It
// returns an error wrapping storage.ErrNotFound for an unknown id.
func (s *Store) DeleteWorkoutWithoutQueue(ctx context.Context, id uuid.UUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	w, ok := s.workouts[id]
	if !ok {
		return fmt.Errorf("delete workout %s without queue: %w", id, storage.ErrNotFound)
	}
	delete(s.workouts, id)
	delete(s.queue, id)
	if w.IdempotencyKey != "" {
		delete(s.keys, idempotencyKey{userID: w.UserID, key: w.IdempotencyKey})
	}
	return nil
}

// InsertRawCheckIn appends c to its user's check-ins in its challenge as
// given, without the one-check-in-per-day rule and without touching the
// progress row, as a writer without the unique guard would.
func (s *Store) InsertRawCheckIn(ctx context.Context, c ranking.CheckIn) error {
	key := memberKey{challengeID: c.ChallengeID, userID: c.UserID}

	s.mu.Lock()
	defer s.mu.Unlock()

	rows := append(slices.Clone(s.checkIns[key]), storedCheckIn(c))
	sort.SliceStable(rows, func(i, j int) bool { return checkInBefore(rows[i], rows[j]) })
	s.checkIns[key] = rows
	return nil
}

// PutRawProgress stores p as given as the progress row of its user in its
// challenge, even when it disagrees with the stored check-ins.
func (s *Store) PutRawProgress(ctx context.Context, p ranking.Progress) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.progress[memberKey{challengeID: p.ChallengeID, userID: p.UserID}] = storedProgress(p)
	return nil
}
