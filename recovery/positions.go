package recovery

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/ranking"
)

// checkPositions reports the members whose stored position differs from
// ranking.Rank over the challenge's stored member rows, and, when the run
// may write, refreshes the positions of every challenge that has such a
// member or a repaired pair. Positions compare all the members of a
// challenge, so a run with Since set, which sees only some of them, does
// not check them.
func (r *Recoverer) checkPositions(ctx context.Context, p *pass, members map[uuid.UUID][]ranking.Progress, touched map[uuid.UUID]bool) error {
	var findings []Finding
	if p.opts.Since.IsZero() {
		findings = positionFindings(members)
	}
	if p.fix {
		for _, f := range findings {
			touched[f.ChallengeID] = true
		}
	}

	err := r.refreshPositions(ctx, p, touched, findings)
	p.add(findings...)
	return err
}

// positionFindings ranks the stored member rows of each challenge and
// reports every row whose position differs, in challenge order.
func positionFindings(members map[uuid.UUID][]ranking.Progress) []Finding {
	var findings []Finding
	for _, challengeID := range sortedIDs(members) {
		rows := members[challengeID]
		positions := ranking.Rank(rows)
		for _, row := range rows {
			want := positions[row.UserID]
			if row.Position == want {
				continue
			}
			findings = append(findings, Finding{
				Kind: KindPositionDrift, UserID: row.UserID, ChallengeID: challengeID,
				Detail: fmt.Sprintf("position %d, expected %d", row.Position, want), Action: ActionRefreshPositions,
			})
		}
	}
	return findings
}

// refreshPositions refreshes the positions of the touched challenges, in
// id order, and marks and tracks the position findings of each.
func (r *Recoverer) refreshPositions(ctx context.Context, p *pass, touched map[uuid.UUID]bool, findings []Finding) error {
	var errs *multierror.Error
	for _, challengeID := range sortedIDs(touched) {
		started := time.Now()
		err := r.store.RefreshPositions(ctx, challengeID, p.now)
		if err != nil {
			err = fmt.Errorf("refresh positions of challenge %s: %w", challengeID, err)
			errs = multierror.Append(errs, err)
		}
		r.markPositions(ctx, findings, challengeID, started, err)
	}
	return errs.ErrorOrNil()
}

// markPositions marks the challenge's position findings with the outcome
// of its refresh and tracks one event per finding, because each event
// names one user.
func (r *Recoverer) markPositions(ctx context.Context, findings []Finding, challengeID uuid.UUID, started time.Time, err error) {
	for i := range findings {
		f := &findings[i]
		if f.ChallengeID != challengeID {
			continue
		}
		markRepaired(findings[i:i+1], err)
		r.record(ctx, repairAction{
			name: ActionRefreshPositions, userID: f.UserID, challengeID: challengeID,
			findings: []Finding{*f}, response: map[string]any{"refreshed": err == nil},
		}, started, err)
	}
}

func sortedIDs[V any](byID map[uuid.UUID]V) []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}
