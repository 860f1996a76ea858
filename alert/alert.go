// Package alert evaluates alert rules over the store (a term rising, a term
// first seen in a source, a source unhealthy) and delivers each alert once
// to the team's chat webhooks, keeping failed deliveries for the next run.
package alert

// Alert is one finding worth telling the team, with the numbers and the
// articles behind it.
type Alert struct {
	Key      string    `json:"key"` // rule kind, term, source: what makes it the same alert tomorrow
	Kind     string    `json:"kind"`
	Term     string    `json:"term,omitempty"`
	Source   string    `json:"source,omitempty"`
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Numbers  []Number  `json:"numbers"`
	Articles []Article `json:"articles,omitempty"`
}

// Number is one figure behind an alert.
type Number struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Article is one stored article behind an alert, with the sentence quoted.
type Article struct {
	Day      string `json:"day"`
	Source   string `json:"source"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Sentence string `json:"sentence"`
}
