package alert

import "encoding/json"

// jsonBody is the generic webhook's payload: the alert as it is.
func jsonBody(a Alert) ([]byte, error) { return json.Marshal(a) }
