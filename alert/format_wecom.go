package alert

import "encoding/json"

// wecomMax is the byte limit of a WeCom group bot's markdown content.
const wecomMax = 4096

// wecomBody is a WeCom (企业微信) group bot message, msgtype markdown.
func wecomBody(a Alert) ([]byte, error) {
	return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": truncate(markdown(a, mdLink), wecomMax)}})
}
