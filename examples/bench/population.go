package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/workout"
)

// population is the seeded users and challenges, and the source of the
// workouts that the scenarios record.
type population struct {
	hot        uuid.UUID
	challenges []uuid.UUID
	// members lists the users of each challenge.
	members    map[uuid.UUID][]uuid.UUID
	users      []uuid.UUID
	activities []strava.Activity
	start      time.Time
}

// seedPopulation creates the challenges (one hot one with sizes.hotMembers
// participants and sizes.challenges smaller ones), their participants with
// a progress row each, and returns the population. Users belong to the hot
// challenge and to one to three smaller ones.
func seedPopulation(ctx context.Context, pool *pgxpool.Pool, sizes sizes, activities []strava.Activity) (*population, error) {
	p := &population{members: map[uuid.UUID][]uuid.UUID{}, activities: activities,
		start: time.Now().UTC().AddDate(0, 0, -20).Truncate(24 * time.Hour)}
	for range sizes.users {
		p.users = append(p.users, uuid.New())
	}
	p.hot = uuid.New()
	p.challenges = append(p.challenges, p.hot)
	p.members[p.hot] = p.users[:min(sizes.hotMembers, len(p.users))]
	for range sizes.challenges {
		id := uuid.New()
		p.challenges = append(p.challenges, id)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for _, user := range p.users {
		joined := map[uuid.UUID]bool{}
		for range 1 + rng.IntN(3) {
			id := p.challenges[1+rng.IntN(len(p.challenges)-1)]
			if !joined[id] {
				joined[id] = true
				p.members[id] = append(p.members[id], user)
			}
		}
	}

	if err := p.insertChallenges(ctx, pool); err != nil {
		return nil, err
	}
	return p, p.insertMembers(ctx, pool, rng)
}

func (p *population) insertChallenges(ctx context.Context, pool *pgxpool.Pool) error {
	end := p.start.AddDate(0, 0, 60)
	for i, id := range p.challenges {
		_, err := pool.Exec(ctx, `INSERT INTO challenges (id, title, start_date, end_date, points, requirements,
			min_duration_minutes, points_per_check_in, time_zone) VALUES ($1, $2, $3, $4, 10, '{"min_checkins": 30}', 30, 10, 'America/Sao_Paulo')`,
			id, fmt.Sprintf("Desafio %d", i+1), p.start, end)
		if err != nil {
			return fmt.Errorf("seed challenge %s: %w", id, err)
		}
	}
	return nil
}

// insertMembers copies the participants and a progress row for each, with
// random points so that the position refreshes rank a spread of values.
func (p *population) insertMembers(ctx context.Context, pool *pgxpool.Pool, rng *rand.Rand) error {
	var members, progress [][]any
	for challengeID, users := range p.members {
		for _, user := range users {
			members = append(members, []any{uuid.New(), challengeID, user, "active", p.start})
			points := 10 * rng.IntN(20)
			progress = append(progress, []any{uuid.New(), challengeID, user, points, points / 10, points / 10, rng.IntN(25)})
		}
	}
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"challenge_participants"},
		[]string{"id", "challenge_id", "user_id", "status", "joined_at"}, pgx.CopyFromRows(members))
	if err != nil {
		return fmt.Errorf("seed participants: %w", err)
	}
	_, err = pool.CopyFrom(ctx, pgx.Identifier{"challenge_progress"},
		[]string{"id", "challenge_id", "user_id", "points", "check_ins_count", "total_check_ins", "workouts_in_window"},
		pgx.CopyFromRows(progress))
	if err != nil {
		return fmt.Errorf("seed progress: %w", err)
	}
	_, err = pool.Exec(ctx, "ANALYZE")
	return err
}

// workoutSource draws workouts for one caller; each caller has its own to
// avoid sharing a random source.
type workoutSource struct {
	p   *population
	rng *rand.Rand
}

func (p *population) source(seed uint64) *workoutSource {
	return &workoutSource{p: p, rng: rand.New(rand.NewPCG(seed, 7))}
}

// next returns a workout whose type, name, duration and time of day come
// from a random Strava activity, dated in the challenge window. Six in ten
// go to the hot challenge, three in ten to a smaller challenge of the
// user, one in ten to none.
func (s *workoutSource) next(now time.Time) workout.Workout {
	a := s.p.activities[s.rng.IntN(len(s.p.activities))]
	var user, challenge uuid.UUID
	switch roll := s.rng.IntN(10); {
	case roll < 6:
		challenge = s.p.hot
		user = pick(s.rng, s.p.members[challenge])
	case roll < 9:
		challenge = s.p.challenges[1+s.rng.IntN(len(s.p.challenges)-1)]
		user = pick(s.rng, s.p.members[challenge])
	default:
		user = pick(s.rng, s.p.users)
	}

	day := now.AddDate(0, 0, -s.rng.IntN(14)).Truncate(24 * time.Hour)
	date := day.Add(time.Duration(a.StartedAt.Hour())*time.Hour + time.Duration(a.StartedAt.Minute())*time.Minute)
	if date.After(now) {
		date = date.AddDate(0, 0, -1)
	}
	return workout.Workout{
		UserID: user, ChallengeID: challenge, Name: a.WorkoutName, Type: a.Type, Date: date,
		DurationMinutes: max(1, min(a.ElapsedMinutes, 1440)),
	}
}

func pick(rng *rand.Rand, ids []uuid.UUID) uuid.UUID {
	return ids[rng.IntN(len(ids))]
}
