package compat

import "fmt"

// Messages of the legacy replies. The shipped app shows them to its users
// and matches some of them by substring, so their wording must not change.
// Among the check-in messages only MessageAlreadyCheckedIn contains the
// word "já", because the app reads a 0-point reply containing it as
// "already checked in today" and any other 0-point reply as an error.
const (
	MessageWorkoutRecorded     = "Treino registrado com sucesso"
	MessageWorkoutReplayed     = "Treino idêntico já existe - retornando registro existente"
	MessageCheckInRecorded     = "Check-in registrado com sucesso"
	MessageAlreadyCheckedIn    = "Você já registrou um check-in para este desafio hoje"
	MessageNotParticipant      = "Usuário não participa deste desafio"
	MessageOutsideWindow       = "Treino fora do período do desafio"
	MessageChallengeNotFound   = "Desafio não encontrado"
	MessageWorkoutNotFound     = "Treino não encontrado"
	MessageWorkoutInternal     = "Erro interno ao registrar o treino. Tente novamente."
	MessageCheckInInternal     = "Erro interno ao registrar o check-in. Tente novamente."
	messageInvalidInputPrefix  = "Dados inválidos: "
	messageTooShortFormat      = "Duração mínima para desafios é de %d minutos."
	messageOtherChallengeField = "%s indica um treino registrado em outro desafio"
)

// Error codes of the failure replies (success false).
const (
	CodeInvalidInput      = "INVALID_INPUT"
	CodeWorkoutNotFound   = "WORKOUT_NOT_FOUND"
	CodeChallengeNotFound = "CHALLENGE_NOT_FOUND"
	CodeInternalError     = "INTERNAL_ERROR"
)

// MessageTooShort returns the reply message for a workout shorter than the
// challenge's minimum duration, such as "Duração mínima para desafios é de
// 45 minutos.".
func MessageTooShort(minMinutes int) string {
	return fmt.Sprintf(messageTooShortFormat, minMinutes)
}
