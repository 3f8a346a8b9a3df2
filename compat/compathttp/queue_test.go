package compathttp_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/ranking"
)

// pollQueue reads the queue rows of the workout as the app polls them.
func (b *bundle) pollQueue(t *testing.T, token, workoutID string) (int, []compat.QueueRow) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.server.URL+"/rest/v1/workout_processing_queue?select=*&workout_id=eq."+workoutID, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)

	resp, err := b.server.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	var rows []compat.QueueRow
	require.NoError(t, json.Unmarshal(raw, &rows), string(raw))
	return resp.StatusCode, rows
}

// TestAppSessionOverHTTP follows the shipped app over HTTP: save a workout,
// check in with the returned record id, and poll the queue row until it
// reads "Processado".
func TestAppSessionOverHTTP(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	ctx := context.Background()
	challengeID, member := uuid.New(), uuid.New()
	require.NoError(t, b.store.SaveChallenge(ctx, ranking.Challenge{
		ID: challengeID, Title: "Desafio 21 dias", StartDate: noon.AddDate(0, 0, -3), EndDate: noon.AddDate(0, 0, 18),
	}))
	require.NoError(t, b.store.SaveParticipant(ctx, ranking.Participant{ChallengeID: challengeID, UserID: member, Status: ranking.StatusActive}))
	token := sign(t, secret, jwt.MapClaims{"sub": member.String(), "role": "authenticated"})
	headers := map[string]string{"Authorization": "Bearer " + token, "apikey": "anon-key"}

	saveBody, _ := json.Marshal(map[string]any{
		"p_user_id": member.String(), "p_workout_name": "Funcional", "p_workout_type": "Funcional",
		"p_duration_minutes": 55, "p_date": "2026-06-02T13:30:00.000Z", "p_challenge_id": challengeID.String(),
		"p_workout_id": "local-123", "p_notes": "", "p_workout_record_id": nil,
	})
	status, saved := b.post(t, compat.FunctionRecordWorkoutBasic, string(saveBody), headers)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, saved["success"], saved["message"])
	workoutID := saved["workout_id"].(string)

	checkInBody, _ := json.Marshal(map[string]any{
		"_challenge_id": challengeID.String(), "_date": "2026-06-02T10:30:00.000Z", "_duration_minutes": 55,
		"_user_id": member.String(), "_workout_id": workoutID, "_workout_name": "Funcional", "_workout_type": "Funcional",
	})
	status, checkIn := b.post(t, compat.FunctionRecordChallengeCheckInV2, string(checkInBody), headers)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, float64(10), checkIn["points_earned"])
	require.Equal(t, workoutID, checkIn["workout_id"])

	var labels []string
	for range 5 {
		status, rows := b.pollQueue(t, token, workoutID)
		require.Equal(t, http.StatusOK, status)
		require.Len(t, rows, 1)
		labels = append(labels, rows[0].Label())
		if rows[0].Label() == compat.LabelProcessed {
			break
		}
		_, err := b.pipeline.RunPending(ctx)
		require.NoError(t, err)
	}
	require.Equal(t, []string{compat.LabelPending, compat.LabelProcessed}, labels)

	workouts, err := b.store.UserWorkouts(ctx, member)
	require.NoError(t, err)
	require.Len(t, workouts, 1)
}

func TestQueueReadHidesOtherUsersRows(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	member := uuid.New()
	serviceToken := sign(t, secret, jwt.MapClaims{"role": "service_role"})
	status, saved := b.post(t, compat.FunctionRecordWorkoutBasic, basicBody(member, "q-1"), bearer(serviceToken))
	require.Equal(t, http.StatusOK, status)
	workoutID := saved["workout_id"].(string)

	otherToken := sign(t, secret, jwt.MapClaims{"sub": uuid.NewString(), "role": "authenticated"})
	status, rows := b.pollQueue(t, otherToken, workoutID)
	require.Equal(t, http.StatusOK, status)
	require.Empty(t, rows)

	status, rows = b.pollQueue(t, serviceToken, workoutID)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, rows, 1)
	require.Equal(t, compat.LabelPending, rows[0].Label())
}

func TestQueueReadNeedsFilterAndToken(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	serviceToken := sign(t, secret, jwt.MapClaims{"role": "service_role"})

	req, err := http.NewRequest(http.MethodGet, b.server.URL+"/rest/v1/workout_processing_queue", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+serviceToken)
	status, body := do(t, b.server.Client(), req)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "PGRST100", body["code"])

	status, _ = b.pollQueue(t, "forged", uuid.NewString())
	require.Equal(t, http.StatusUnauthorized, status)
}
