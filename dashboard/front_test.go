package dashboard

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tifa-project/tifa/calendar"
)

// TestFrontPageShare: under the breakdown's total the page shows, per
// term, the share of its mentions in front-page (版次 01) articles: the
// fixture's People's Daily of 16 February is on page 01 and says 高水平对外
// 开放 twice of the four times it is said, 高质量发展 once of six.
func TestFrontPageShare(t *testing.T) {
	s, _, _ := fixture(t)
	w := get(t, s, "/")
	if w.Code != http.StatusOK {
		t.Fatalf("got %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		`<tr class="front" id="front-page"><td>of which on the front page`,
		`<td class="num">2</td>`, // front-page articles stored: 20 January and 16 February
		`data-term="high-quality-development" data-front-mentions="1" data-mentions="6"`,
		`data-term="high-level-opening-up" data-front-mentions="2" data-mentions="4"`,
		`50.0% <small>of mentions (2 of 4)</small>`,
		`data-term="new-quality-productive-forces" data-front-mentions="0" data-mentions="7"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// front=1 counts the front page only, says so, repeats it in the
	// downloads, and needs no share row.
	b := get(t, s, "/?front=1").Body.String()
	for _, want := range []string{"print-edition front page (版次 01) only", `id="front" checked`, "&amp;front=1"} {
		if !strings.Contains(b, want) {
			t.Errorf("front=1 page lacks %q", want)
		}
	}
	if strings.Contains(b, `id="front-page"`) {
		t.Error("front=1 page shows the front-page share row")
	}
	if w := get(t, s, "/download.csv?front=1&term=high-level-opening-up&from=2024-01-01&to=2024-05-31&by=month"); !strings.Contains(w.Body.String(), "2024-02,high-level-opening-up,people,2,") {
		t.Errorf("front=1 CSV: %s, want 2 mentions in February's People's Daily front page", w.Body)
	}
	// Xinhua alone has no print edition: no front-page articles, 0%.
	if b := get(t, s, "/?source=xinhua").Body.String(); !strings.Contains(b, `data-term="high-quality-development" data-front-mentions="0" data-mentions="3"`) {
		t.Errorf("xinhua only: the front-page row should count none of 3 mentions")
	}
}

// TestChartMarksEvents: the chart marks the shipped Two Sessions 2024 (4
// March, a month without articles in the fixture) and a CONSTRUCTED event
// added as tifa serve adds the configuration's, each with its Chinese
// name; an event outside the range is not drawn.
func TestChartMarksEvents(t *testing.T) {
	s, _, _ := fixture(t)
	if err := s.Calendar.Add(calendar.Event{ID: "henan-briefing", Name: "河南发布会", Start: "2024-04-03", End: "2024-04-03", Kind: "user"}); err != nil {
		t.Fatal(err)
	}
	body := get(t, s, "/?by=month").Body.String()
	for _, want := range []string{
		`<g class="event" data-event="two-sessions-2024" data-start="2024-03-04" data-end="2024-03-11">`,
		`>全国两会</text>`,
		`<g class="event" data-event="henan-briefing" data-start="2024-04-03"`,
		`>河南发布会</text>`,
		"Dashed lines: calendar events",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `data-event="plenum-20-3"`) {
		t.Error("the July 2024 plenum is marked on a chart ending 2024-05-21")
	}
	s.Calendar = nil
	if b := get(t, s, "/?by=month").Body.String(); strings.Contains(b, `class="event"`) {
		t.Error("no calendar: events still marked")
	}
}
