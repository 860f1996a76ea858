package alert

import "encoding/json"

// slackBody is a Slack incoming-webhook message: text as the notification
// fallback, blocks for the message itself, in Slack's mrkdwn.
func slackBody(a Alert) ([]byte, error) {
	link := func(text, url string) string { return "<" + url + "|" + text + ">" }
	text := markdown(a, link)
	type txt struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	type block struct {
		Type string `json:"type"`
		Text txt    `json:"text"`
	}
	// mrkdwn bolds with single asterisks.
	return json.Marshal(struct {
		Text   string  `json:"text"`
		Blocks []block `json:"blocks"`
	}{a.Title, []block{{"section", txt{"mrkdwn", slackBold(text)}}}})
}

func slackBold(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if i+1 < len(s) && s[i] == '*' && s[i+1] == '*' {
			out = append(out, '*')
			i++
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}
