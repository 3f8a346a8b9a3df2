package compattest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Fixtures creates the rows a case needs. Every ranking.ChallengeStore
// implements it.
type Fixtures interface {
	SaveChallenge(ctx context.Context, c ranking.Challenge) error
	SaveParticipant(ctx context.Context, p ranking.Participant) error
	SaveProfile(ctx context.Context, p workout.Profile) error
}

// Env is one path under test.
type Env struct {
	// Caller makes the calls. Required.
	Caller Caller
	// Fixtures stores the cases' challenges and participants. Required.
	Fixtures Fixtures
	// Workouts returns every stored workout of a user, as
	// dashboard.Store.UserWorkouts does. Required.
	Workouts func(ctx context.Context, userID uuid.UUID) ([]workout.Workout, error)
	// Now is the path's current time. Required.
	Now time.Time
	// Zone is the path's legacy zone; nil means the default zone.
	Zone *time.Location
	// TypedParams is set for a path whose uuid and timestamptz parameters
	// reject a malformed value before the function runs, such as a SQL
	// function called by PostgREST. The cases marked MalformedTypedValue
	// are skipped on it.
	TypedParams bool
}

// Case is one scenario of legacy calls and the replies they must get.
type Case struct {
	Name string
	// Challenge adjusts the case's challenge before it is saved.
	Challenge func(c *ranking.Challenge)
	// MemberStatus is the participant status of State.Member; empty means
	// active.
	MemberStatus ranking.ParticipantStatus
	// MalformedTypedValue marks a case that sends a malformed uuid or
	// timestamp, which typed SQL parameters reject before the function body
	// runs.
	MalformedTypedValue bool
	Steps               []Step
	// After runs further checks once the steps passed.
	After func(t *testing.T, env Env, s *State)
}

// Step is one call of a case.
type Step struct {
	Function string
	// Auth returns the caller; nil means compat.ServiceAuth().
	Auth func(s *State) compat.Auth
	Args func(s *State) map[string]any
	Want Want
}

// Run runs every case of Cases as a subtest, each on an Env from newEnv.
func Run(t *testing.T, newEnv func(t *testing.T) Env) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			c.Run(t, newEnv(t))
		})
	}
}

// Run runs the case on env.
func (c Case) Run(t *testing.T, env Env) {
	t.Helper()
	c.Replies(t, env)
}

// Replies runs the case on env and returns the decoded reply of each step,
// so that callers can compare the replies of several paths.
func (c Case) Replies(t *testing.T, env Env) []any {
	t.Helper()
	if c.MalformedTypedValue && env.TypedParams {
		t.Skip("typed parameters reject the malformed value before the function runs")
	}
	s := newState(t, env)
	if local := env.Now.In(s.Zone); local.Hour() < 2 {
		t.Skip("the cases need at least two hours since local midnight, so that their workouts share today")
	}
	c.saveFixtures(t, env, s)

	for i, step := range c.Steps {
		auth := compat.ServiceAuth()
		if step.Auth != nil {
			auth = step.Auth(s)
		}
		args := step.Args(s)
		reply, err := env.Caller.Call(context.Background(), auth, step.Function, args)
		require.NoError(t, err, "step %d: %s", i, step.Function)
		s.replies = append(s.replies, step.Want.check(t, s, i, reply))
	}
	if c.After != nil {
		c.After(t, env, s)
	}
	return s.replies
}

func newState(t *testing.T, env Env) *State {
	zone := env.Zone
	if zone == nil {
		var err error
		zone, err = workout.LoadZone(compat.DefaultLegacyZone)
		require.NoError(t, err)
	}
	return &State{
		Now: env.Now, Zone: zone, ChallengeID: uuid.New(), OtherChallengeID: uuid.New(),
		Member: uuid.New(), Outsider: uuid.New(), t: t,
	}
}

// saveFixtures stores the case's challenges, open from five days ago to
// ten days ahead, and its member.
func (c Case) saveFixtures(t *testing.T, env Env, s *State) {
	ctx := context.Background()
	challenge := defaultChallenge(s.ChallengeID, c.Name, s.Now)
	if c.Challenge != nil {
		c.Challenge(&challenge)
	}
	require.NoError(t, env.Fixtures.SaveChallenge(ctx, challenge))
	require.NoError(t, env.Fixtures.SaveChallenge(ctx, defaultChallenge(s.OtherChallengeID, "outro "+c.Name, s.Now)))

	status := c.MemberStatus
	if status == "" {
		status = ranking.StatusActive
	}
	require.NoError(t, env.Fixtures.SaveParticipant(ctx, ranking.Participant{
		ChallengeID: s.ChallengeID, UserID: s.Member, Status: status, JoinedAt: s.Now.AddDate(0, 0, -5),
	}))
	require.NoError(t, env.Fixtures.SaveParticipant(ctx, ranking.Participant{
		ChallengeID: s.OtherChallengeID, UserID: s.Member, Status: ranking.StatusActive, JoinedAt: s.Now.AddDate(0, 0, -5),
	}))
	require.NoError(t, env.Fixtures.SaveProfile(ctx, workout.Profile{ID: s.Member, Name: "Maria"}))
}

func defaultChallenge(id uuid.UUID, name string, now time.Time) ranking.Challenge {
	return ranking.Challenge{
		ID:        id,
		Title:     "Desafio " + name,
		StartDate: now.AddDate(0, 0, -5),
		EndDate:   now.AddDate(0, 0, 10),
		Active:    true,
		CreatedAt: now,
		UpdatedAt: now,
	}
}

// RequireWorkouts checks that the user has n stored workouts and returns
// them.
func RequireWorkouts(t *testing.T, env Env, userID uuid.UUID, n int) []workout.Workout {
	t.Helper()
	workouts, err := env.Workouts(context.Background(), userID)
	require.NoError(t, err)
	require.Len(t, workouts, n, "stored workouts of user %s", userID)
	return workouts
}
