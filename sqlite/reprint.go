package sqlite

import "github.com/tifa-project/tifa/reprint"

// ReprintBits is how many fingerprint bits reprints of one story may differ
// in (reprint.MaxDistance).
const ReprintBits = reprint.MaxDistance

// Printed is what reprint detection reads of an article.
type Printed = reprint.Printed

// Reprints returns the ids of the articles that reprint an earlier one; the
// clustering is package reprint's, the rows it reads are this engine's.
func Reprints(arts []Printed) map[int64]bool { return reprint.Find(arts) }
