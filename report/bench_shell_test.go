package report

import (
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tifa-project/tifa"
)

// BenchmarkSeriesYearDaily10TermsShell is the floor of
// BenchmarkSeriesYearDaily10Terms (issue 14: within 2×): the sqlite3 shell
// of the machine running, on the same file, the three SELECTs Build issues
// for that series (sqlite's sourceIDs, TermDaysByKey and SourceDays, their
// plans checked alike with EXPLAIN QUERY PLAN), every row written out to
// /dev/null. Run both side by side:
//
//	TIFA_BENCH_DB=/tmp/tifa-bench-1000000.db go test ./report -run '^$' \
//	  -bench 'SeriesYearDaily10Terms(Shell)?$' -benchtime 10x -count 3
//
// The shell's start (a few ms) counts on its side.
func BenchmarkSeriesYearDaily10TermsShell(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 shell: apt-get install sqlite3")
	}
	benchDB(b).Close() // built if it is not yet
	f := tifa.Filter{Terms: benchTermIDs(10), From: "2024-01-01", To: "2024-12-31"}
	var sources []string // the generator's, as sourceIDs lists them
	for i := range benchSources {
		sources = append(sources, fmt.Sprintf("synthetic-%02d", i))
	}
	quote := func(vs []string) string {
		q := make([]string, len(vs))
		for i, v := range vs {
			q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		}
		return strings.Join(q, ",")
	}
	script := fmt.Sprintf(`.output /dev/null
SELECT DISTINCT source FROM daily_sources ORDER BY source;
SELECT term, source, day, mentions, nested, articles FROM daily_terms WHERE term IN (%[1]s) AND source IN (%[2]s) AND day >= '%[3]s' AND day <= '%[4]s' ORDER BY term, source, day;
SELECT source, day, articles, chars FROM daily_sources WHERE source IN (%[2]s) AND day >= '%[3]s' AND day <= '%[4]s' ORDER BY day, source;
`, quote(f.Terms), quote(sources), f.From, f.To)
	path := benchPath()
	defer cpuTimeChildren(b)()
	for b.Loop() {
		cmd := exec.Command(shell, "-readonly", path)
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
	}
}

// cpuTimeChildren reports the CPU time of the child processes waited for,
// per op, as cpu-ms/op.
func cpuTimeChildren(b *testing.B) func() {
	children := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := children()
	return func() {
		b.ReportMetric(float64(children()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}
