package tifa

// PendingAlert is an alert not yet delivered to one destination.
type PendingAlert struct {
	Key, Destination string
	Body             []byte // the alert as JSON
	Attempts         int
}
