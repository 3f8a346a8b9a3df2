package pgstore

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// claimJobsSQL leases due jobs in one statement. FOR UPDATE SKIP LOCKED
// makes concurrent claimers pass over each other's rows instead of waiting.
// A row that another claim changed after this statement's snapshot is
// checked again against the WHERE clause before it is locked, so no job is
// leased twice.
//
// Pending and expired running jobs are read apart, so that the pending ones
// come in order from the workoutflow_jobs_pending_order index and the read
// stops after the limit instead of sorting every pending job. Each part
// locks at most the limit, and the rows locked but not claimed are free
// again when the statement ends.
const claimJobsSQL = `
WITH pending AS (
	SELECT workout_id, stage, run_at, created_at
	  FROM workoutflow_jobs
	 WHERE state = 'pending' AND run_at <= $2 AND stage = ANY ($1::text[])
	 ORDER BY run_at, created_at, workout_id, stage
	 LIMIT $3
	   FOR UPDATE SKIP LOCKED
), expired AS (
	SELECT workout_id, stage, run_at, created_at
	  FROM workoutflow_jobs
	 WHERE state = 'running' AND lease_expires_at <= $2 AND stage = ANY ($1::text[])
	 ORDER BY run_at, created_at, workout_id, stage
	 LIMIT $3
	   FOR UPDATE SKIP LOCKED
), due AS (
	SELECT workout_id, stage FROM (SELECT * FROM pending UNION ALL SELECT * FROM expired) AS both_due
	 ORDER BY run_at, created_at, workout_id, stage
	 LIMIT $3
)
UPDATE workoutflow_jobs AS j
   SET state = 'running', owner = $4, token = j.token + 1, attempt = j.attempt + 1,
       lease_expires_at = $5, updated_at = $2
  FROM due
 WHERE j.workout_id = due.workout_id AND j.stage = due.stage
RETURNING ` + jobColumns

// ClaimJobs leases up to req.Limit due jobs of req.Stages to req.Owner,
// oldest RunAt first, then oldest CreatedAt. A pending job is due when its
// RunAt has passed, and a running one when its lease has ended, so the jobs
// of a crashed worker are taken over. See workout.QueueStore.
func (s *Store) ClaimJobs(ctx context.Context, req workout.ClaimRequest) ([]workout.Job, error) {
	if req.Limit <= 0 || len(req.Stages) == 0 {
		return nil, nil
	}

	var claimed []workout.Job
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, claimJobsSQL, req.Stages, req.Now, req.Limit, req.Owner, req.Now.Add(req.Lease))
		collected, err := pgx.CollectRows(rows, pgx.RowToStructByName[jobRow])
		for _, row := range collected {
			claimed = append(claimed, row.job())
		}
		return err
	})
	if err != nil {
		return nil, wrap(err, "claim jobs for %s", req.Owner)
	}

	// UPDATE ... RETURNING does not keep the order of the CTE.
	sort.Slice(claimed, func(i, j int) bool { return claimsBefore(claimed[i], claimed[j]) })
	return claimed, nil
}

func claimsBefore(a, b workout.Job) bool {
	if !a.RunAt.Equal(b.RunAt) {
		return a.RunAt.Before(b.RunAt)
	}
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	if c := bytes.Compare(a.WorkoutID[:], b.WorkoutID[:]); c != 0 {
		return c < 0
	}
	return a.Stage < b.Stage
}

// extendLeasesSQL moves the lease end of the jobs whose lease the caller
// still holds and returns them.
const extendLeasesSQL = `
UPDATE workoutflow_jobs AS j
   SET lease_expires_at = $5
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[]) AS held(workout_id, stage, owner, token)
 WHERE j.workout_id = held.workout_id AND j.stage = held.stage
   AND j.state = 'running' AND j.owner = held.owner AND j.token = held.token
RETURNING j.workout_id, j.stage`

// ExtendLeases moves the lease end of the given jobs to until in one
// statement. It extends every job whose lease the caller still holds and
// returns an error wrapping storage.ErrLeaseLost that names the others.
func (s *Store) ExtendLeases(ctx context.Context, jobs []workout.Job, until time.Time) error {
	if len(jobs) == 0 {
		return nil
	}
	held := newJobKeys(jobs)

	extended := map[string]bool{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, extendLeasesSQL, held.workoutIDs, held.stages, held.owners, held.tokens, until)
		var key jobKey
		_, err := pgx.ForEachRow(rows, []any{&key.WorkoutID, &key.Stage}, func() error {
			extended[key.String()] = true
			return nil
		})
		return err
	})
	if err != nil {
		return wrap(err, "extend leases of %d jobs", len(jobs))
	}

	var lost []string
	for _, job := range jobs {
		if name := (jobKey{WorkoutID: job.WorkoutID, Stage: job.Stage}).String(); !extended[name] {
			lost = append(lost, name)
		}
	}
	if len(lost) > 0 {
		return fmt.Errorf("extend leases of jobs %v: %w", lost, storage.ErrLeaseLost)
	}
	return nil
}
