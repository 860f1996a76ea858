package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/tifa-project/tifa/limit"
)

// readInput reads a file, or standard input for "-", refusing more than max
// bytes (limits.body) before holding them: a page or text that large is a
// mistake (a whole dump piped in), and reading it all would exhaust memory.
func readInput(e *env, name string, max int64) ([]byte, error) {
	what := "standard input"
	r := e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read page: %w", err)
		}
		defer f.Close()
		what, r = name, f
	}
	b, err := limit.ReadAll(r, max)
	if errors.Is(err, limit.ErrTooLarge) {
		return nil, fmt.Errorf("%s: %w (limits.body in the configuration): give one page or text at a time", what, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return b, nil
}
