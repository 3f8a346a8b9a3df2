package compattest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
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

// Dynamic is a value of Want.Fields computed from the case's state, such
// as the case's challenge id.
type Dynamic func(s *State) any

// Want is what a step's reply must hold. Keys not named are not checked.
type Want struct {
	// Status is the expected status; 0 means 200.
	Status int
	// Body, when not nil, is the whole expected reply, such as true.
	Body any
	// Fields maps keys to their exact values, or to a Dynamic that
	// computes the value.
	Fields map[string]any
	// NotNull and Null list keys that must be present with a non-null or a
	// null value.
	NotNull, Null []string
	// SameAs maps a key to an earlier step whose reply had the same value.
	SameAs map[string]int
	// Contains maps a key to substrings its string value must contain, and
	// Excludes to substrings it must not contain.
	Contains, Excludes map[string][]string
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

// check compares the reply with w and returns the decoded body.
func (w Want) check(t *testing.T, s *State, step int, reply Reply) any {
	t.Helper()
	status := w.Status
	if status == 0 {
		status = http.StatusOK
	}
	require.Equal(t, status, reply.Status, "step %d status, body %s", step, reply.Body)

	var body any
	require.NoError(t, json.Unmarshal(reply.Body, &body), "step %d body %s", step, reply.Body)
	if w.Body != nil {
		require.Equal(t, normalize(t, w.Body), body, "step %d body", step)
	}
	if status != http.StatusOK || w.Body != nil {
		return body
	}

	object, ok := body.(map[string]any)
	require.True(t, ok, "step %d: reply is not an object: %s", step, reply.Body)
	w.checkObject(t, s, step, object)
	return body
}

func (w Want) checkObject(t *testing.T, s *State, step int, object map[string]any) {
	t.Helper()
	for key, want := range w.Fields {
		if dynamic, ok := want.(Dynamic); ok {
			want = dynamic(s)
		}
		require.Contains(t, object, key, "step %d", step)
		require.Equal(t, normalize(t, want), object[key], "step %d key %s", step, key)
	}
	for _, key := range w.NotNull {
		require.Contains(t, object, key, "step %d", step)
		require.NotNil(t, object[key], "step %d key %s", step, key)
	}
	for _, key := range w.Null {
		require.Contains(t, object, key, "step %d", step)
		require.Nil(t, object[key], "step %d key %s", step, key)
	}
	for key, earlier := range w.SameAs {
		previous, ok := s.Reply(earlier).(map[string]any)
		require.True(t, ok, "step %d: reply of step %d is not an object", step, earlier)
		require.NotNil(t, object[key], "step %d key %s", step, key)
		require.Equal(t, previous[key], object[key], "step %d key %s against step %d", step, key, earlier)
	}
	for key, parts := range w.Contains {
		text, _ := object[key].(string)
		for _, part := range parts {
			require.True(t, strings.Contains(text, part), "step %d key %s = %q, want it to contain %q", step, key, text, part)
		}
	}
	for key, parts := range w.Excludes {
		text, _ := object[key].(string)
		for _, part := range parts {
			require.False(t, strings.Contains(text, part), "step %d key %s = %q, want it without %q", step, key, text, part)
		}
	}
}

// normalize returns value as JSON decodes it, so that 10 and 10.0 compare
// equal.
func normalize(t *testing.T, value any) any {
	encoded, err := json.Marshal(value)
	require.NoError(t, err)
	var decoded any
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	return decoded
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
