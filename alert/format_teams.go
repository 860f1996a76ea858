package alert

import "encoding/json"

// teamsBody is a Microsoft Teams incoming-webhook MessageCard: the numbers
// as facts, the text in Markdown.
func teamsBody(a Alert) ([]byte, error) {
	type fact struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	var facts []fact
	for _, n := range a.Numbers {
		facts = append(facts, fact{n.Name, formatNumber(n.Value)})
	}
	type section struct {
		Facts []fact `json:"facts"`
		Text  string `json:"text"`
	}
	return json.Marshal(struct {
		Type     string    `json:"@type"`
		Context  string    `json:"@context"`
		Summary  string    `json:"summary"`
		Title    string    `json:"title"`
		Text     string    `json:"text"`
		Sections []section `json:"sections"`
	}{"MessageCard", "https://schema.org/extensions", a.Title, a.Title, a.Summary,
		[]section{{facts, articlesMarkdown(a, mdLink)}}})
}
