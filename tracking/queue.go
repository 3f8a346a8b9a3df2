package tracking

import "time"

// QueueStats counts the jobs of one stage by state, as read from the
// processing queue.
type QueueStats struct {
	Stage   string `json:"stage"`
	Pending int    `json:"pending"`
	Running int    `json:"running"`
	Done    int    `json:"done"`
	Dead    int    `json:"dead"`
	// OldestPending is the creation time of the oldest pending or running
	// job, zero when there is none.
	OldestPending time.Time `json:"oldest_pending"`
}
