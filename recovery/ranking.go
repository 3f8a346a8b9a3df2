package recovery

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// memberState is a user's stored rows in one challenge, together with the
// result the ranking rules give for the user's workouts.
type memberState struct {
	key      MemberKey
	workouts []workout.Workout
	checkIns []ranking.CheckIn
	// progress is nil when the pair has no progress row.
	progress *ranking.Progress
	expected ranking.UserResult
}

// checkRanking compares every (challenge, user) pair's stored check-ins,
// progress and workout points with ranking.Evaluate, and, when Since is
// zero, the stored positions with ranking.Rank. When the run may write, it
// saves the recomputed result of each pair that drifted and then refreshes
// the positions of the challenges it touched.
func (r *Recoverer) checkRanking(ctx context.Context, p *pass) error {
	keys, err := r.store.RankingKeys(ctx, p.opts.Since)
	if err != nil {
		return fmt.Errorf("list ranking results since %s: %w", p.opts.Since, err)
	}

	var errs *multierror.Error
	touched := make(map[uuid.UUID]bool)
	members := make(map[uuid.UUID][]ranking.Progress)
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return multierror.Append(errs, err)
		}
		findings, row, err := r.checkMember(ctx, p, key)
		if err != nil {
			errs = multierror.Append(errs, err)
		}
		if row != nil {
			members[key.ChallengeID] = append(members[key.ChallengeID], *row)
		}
		if p.fix && len(findings) > 0 {
			touched[key.ChallengeID] = true
		}
		p.add(findings...)
	}

	if err := r.checkPositions(ctx, p, members, touched); err != nil {
		errs = multierror.Append(errs, err)
	}
	return errs.ErrorOrNil()
}

// checkMember returns the drift findings of one pair, repairing them when
// the run may write, and the pair's stored progress row when the user is a
// member. A repairing run holds the user's ranking lock from the reads to
// the save.
func (r *Recoverer) checkMember(ctx context.Context, p *pass, key MemberKey) ([]Finding, *ranking.Progress, error) {
	if p.fix {
		unlock, err := r.lockUser(ctx, workout.StageRanking, key.UserID)
		if err != nil {
			return nil, nil, fmt.Errorf("check user %s in challenge %s: %w", key.UserID, key.ChallengeID, err)
		}
		defer unlock()
	}

	state, found, err := r.loadMember(ctx, key, p.now)
	if err != nil || !found {
		return nil, nil, err
	}
	var memberRow *ranking.Progress
	if state.expected.Member {
		memberRow = state.progress
	}

	findings := compareCheckIns(state)
	findings = append(findings, compareProgress(state)...)
	findings = append(findings, compareWorkoutPoints(state)...)
	for i := range findings {
		findings[i].Action = ActionRecomputeRanking
	}
	if !p.fix || len(findings) == 0 {
		return findings, memberRow, nil
	}
	return findings, memberRow, r.saveMember(ctx, p, state, findings)
}

// loadMember reads the pair's stored rows and evaluates its expected
// result the way the ranking stage does. found is false when the
// challenge no longer exists, which the stage skips too.
func (r *Recoverer) loadMember(ctx context.Context, key MemberKey, now time.Time) (memberState, bool, error) {
	state := memberState{key: key}
	wrap := func(err error) error {
		return fmt.Errorf("check user %s in challenge %s: %w", key.UserID, key.ChallengeID, err)
	}

	ch, err := r.store.Challenge(ctx, key.ChallengeID)
	if errors.Is(err, storage.ErrNotFound) {
		// NOTE: rows of a deleted challenge are not checked, because
		// nothing can recompute them.
		return state, false, nil
	}
	if err != nil {
		return state, false, wrap(err)
	}

	participant, profile, err := r.memberInputs(ctx, key)
	if err != nil {
		return state, false, wrap(err)
	}
	if state.workouts, err = r.store.ChallengeWorkouts(ctx, key.ChallengeID, key.UserID); err != nil {
		return state, false, wrap(err)
	}
	if state.expected, err = ranking.Evaluate(ch, participant, profile, state.workouts, now); err != nil {
		return state, false, wrap(err)
	}

	if err := r.loadStoredResult(ctx, &state); err != nil {
		return state, false, wrap(err)
	}
	return state, true, nil
}

// memberInputs returns the user's participant row, nil when there is none,
// and profile, the default profile when there is none.
func (r *Recoverer) memberInputs(ctx context.Context, key MemberKey) (*ranking.Participant, workout.Profile, error) {
	var participant *ranking.Participant
	row, err := r.store.Participant(ctx, key.ChallengeID, key.UserID)
	switch {
	case err == nil:
		participant = &row
	case !errors.Is(err, storage.ErrNotFound):
		return nil, workout.Profile{}, err
	}

	profile, err := r.store.Profile(ctx, key.UserID)
	if errors.Is(err, storage.ErrNotFound) {
		profile, err = workout.DefaultProfile(key.UserID), nil
	}
	profile.ID = key.UserID
	return participant, profile, err
}

// loadStoredResult reads the pair's stored check-ins and progress row.
func (r *Recoverer) loadStoredResult(ctx context.Context, state *memberState) error {
	checkIns, err := r.store.CheckIns(ctx, state.key.ChallengeID, state.key.UserID)
	if err != nil {
		return err
	}
	state.checkIns = checkIns

	progress, err := r.store.UserProgress(ctx, state.key.ChallengeID, state.key.UserID)
	switch {
	case err == nil:
		state.progress = &progress
	case !errors.Is(err, storage.ErrNotFound):
		return err
	}
	return nil
}

// saveMember saves the pair's expected result, as the ranking stage does,
// and marks and tracks the findings.
func (r *Recoverer) saveMember(ctx context.Context, p *pass, state memberState, findings []Finding) error {
	started := time.Now()
	err := r.store.SaveUserResult(ctx, state.expected, p.now)
	if err != nil {
		err = fmt.Errorf("save result of user %s in challenge %s: %w", state.key.UserID, state.key.ChallengeID, err)
	}
	markRepaired(findings, err)

	r.record(ctx, repairAction{
		name: ActionRecomputeRanking, userID: state.key.UserID, challengeID: state.key.ChallengeID,
		findings: findings,
		response: map[string]any{
			"check_ins": len(state.expected.CheckIns),
			"points":    state.expected.Progress.Points,
			"member":    state.expected.Member,
		},
	}, started, err)
	return err
}
