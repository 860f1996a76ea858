package alert

import (
	"fmt"
	"strconv"
	"strings"
)

// markdown renders an alert for the chats that take Markdown (Teams,
// WeCom, DingTalk); link is how the dialect writes a link.
func markdown(a Alert, link func(text, url string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n%s\n\n%s", a.Title, a.Summary, numbers(a))
	for _, ar := range a.Articles {
		fmt.Fprintf(&b, "\n\n> %s\n\n%s %s %s", ar.Sentence, ar.Day, ar.Source, link("《"+ar.Title+"》", ar.URL))
	}
	return b.String()
}

func numbers(a Alert) string {
	var parts []string
	for _, n := range a.Numbers {
		parts = append(parts, n.Name+" "+strconv.FormatFloat(n.Value, 'f', -1, 64))
	}
	return strings.Join(parts, " · ")
}

// plain renders an alert for standard output (cron mail).
func plain(a Alert) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n  %s\n  %s\n", a.Title, a.Summary, numbers(a))
	for _, ar := range a.Articles {
		fmt.Fprintf(&b, "  %s %s 《%s》\n    %s\n    %s\n", ar.Day, ar.Source, ar.Title, ar.Sentence, ar.URL)
	}
	return b.String()
}

func mdLink(text, url string) string { return "[" + text + "](" + url + ")" }
