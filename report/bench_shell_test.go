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
// of the machine running, on the same file, the three SELECTs that read
// that series' rows (sqlite's sourceIDs, and TermDaysByKey and SourceDays
// as plain row queries, their plans checked alike with EXPLAIN QUERY PLAN),
// every row written out to /dev/null. tifa itself reads the same rows
// packed a (term, source) to a row (sqlite/packed.go): the floor is the
// rows, not tifa's way of fetching them. Run both side by side:
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
	runShell(b, shell, script)
}

// BenchmarkWideCSVYear100TermsShell is the floor of
// BenchmarkWideCSVYear100Terms (issue 14: within 2×): the sqlite3 shell
// running the two SELECTs Build issues for a merged series of a hundred
// terms (sqlite's TermDaysMerged and SourceDaysMerged), rows to /dev/null.
//
//	TIFA_BENCH_DB=/tmp/tifa-bench-1000000.db go test ./report -run '^$' \
//	  -bench 'WideCSVYear100Terms(Shell)?$' -benchtime 5x -count 3
func BenchmarkWideCSVYear100TermsShell(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 shell: apt-get install sqlite3")
	}
	benchDB(b).Close()
	terms := benchTermIDs(benchTerms)
	for i, t := range terms {
		terms[i] = "'" + t + "'"
	}
	script := fmt.Sprintf(`.output /dev/null
SELECT term, '', day, SUM(mentions), SUM(nested), SUM(articles) FROM daily_terms WHERE term IN (%[1]s) AND day >= '%[2]s' AND day <= '%[3]s' GROUP BY term, day ORDER BY day, term;
SELECT '', day, SUM(articles), SUM(chars) FROM daily_sources WHERE day >= '%[2]s' AND day <= '%[3]s' GROUP BY day ORDER BY day;
`, strings.Join(terms, ","), "2024-01-01", "2024-12-31")
	runShell(b, shell, script)
}

// runShell is the shell floors' loop: the shell started on the benchmark
// database for every op, script on its standard input; its CPU time is
// reported as cpu-ms/op.
func runShell(b *testing.B, shell, script string) {
	b.Helper()
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
