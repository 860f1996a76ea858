package tifa

import (
	"time"

	"github.com/tifa-project/tifa/config"
)

// SourceRecord is the recorded definition of a source articles came from.
type SourceRecord struct {
	config.Source
	Origin            string // the configuration it came from
	FirstUse, LastUse time.Time
}
