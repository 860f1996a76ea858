package alert

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats are the message formats a destination can take.
var formats = map[string]func(Alert) ([]byte, error){
	"json": jsonBody, "slack": slackBody, "teams": teamsBody, "wecom": wecomBody, "dingtalk": dingtalkBody,
}

// Body is a's payload in format.
func Body(format string, a Alert) ([]byte, error) {
	f, ok := formats[format]
	if !ok {
		return nil, fmt.Errorf("unknown alert format %q: give json, slack, teams, wecom or dingtalk", format)
	}
	return f(a)
}

func articlesMarkdown(a Alert, link func(text, url string) string) string {
	var b strings.Builder
	for _, ar := range a.Articles {
		fmt.Fprintf(&b, "> %s\n\n%s %s %s\n\n", ar.Sentence, ar.Day, ar.Source, link("《"+ar.Title+"》", ar.URL))
	}
	return strings.TrimSpace(b.String())
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n-len("…")]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
