package limit

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadAll(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		max    int64
		want   string
		tooBig bool
	}{
		{"empty", "", 4, "", false},
		{"under", "abc", 4, "abc", false},
		{"exact", "abcd", 4, "abcd", false},
		{"one over", "abcde", 4, "", true},
		{"far over", strings.Repeat("x", 1<<20), 10, "", true},
		{"zero max, empty", "", 0, "", false},
		{"zero max, one byte", "a", 0, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadAll(strings.NewReader(tc.in), tc.max)
			if tc.tooBig {
				var tl *TooLargeError
				if !errors.Is(err, ErrTooLarge) || !errors.As(err, &tl) || tl.Max != tc.max {
					t.Fatalf("err = %v, want too large (max %d)", err, tc.max)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %q, %v; want %q, nil", got, err, tc.want)
			}
		})
	}
}

func TestReaderOneByteAtATime(t *testing.T) {
	r := NewReader(iotest.OneByteReader(strings.NewReader("abcdef")), 3)
	got, err := io.ReadAll(r)
	if !errors.Is(err, ErrTooLarge) || string(got) != "abc" || r.N() != 3 {
		t.Fatalf("got %q, n=%d, %v; want \"abc\", 3, too large", got, r.N(), err)
	}
	// The error sticks: a caller that retries does not get more bytes.
	if n, err := r.Read(make([]byte, 10)); n != 0 || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("second read: %d, %v", n, err)
	}
}

func TestReaderPassesErrors(t *testing.T) {
	boom := errors.New("boom")
	_, err := ReadAll(io.MultiReader(strings.NewReader("ab"), iotest.ErrReader(boom)), 10)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

// An endless input costs no more than the limit.
func TestReaderEndless(t *testing.T) {
	got, err := ReadAll(endless{}, 1<<16)
	if !errors.Is(err, ErrTooLarge) || got != nil {
		t.Fatalf("got %d bytes, %v", len(got), err)
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, NewReader(endless{}, 1000))
	if n != 1000 || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("copy: %d, %v", n, err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}
