package compathttp_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compathttp"
)

func TestStatusCode(t *testing.T) {
	t.Parallel()
	tests := map[int]error{
		http.StatusNotFound:            &compat.FunctionNotFoundError{Name: "x"},
		http.StatusBadRequest:          &compat.ArgumentError{Function: "x", Param: "y"},
		http.StatusForbidden:           &compat.ForbiddenError{Function: "x"},
		http.StatusInternalServerError: io.ErrUnexpectedEOF,
	}
	for want, err := range tests {
		require.Equal(t, want, compathttp.StatusCode(err), err.Error())
	}
}
