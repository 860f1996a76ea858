package alert

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"time"
)

// dingtalkBody is a DingTalk (钉钉) group bot message, msgtype markdown.
func dingtalkBody(a Alert) ([]byte, error) {
	return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": a.Title, "text": markdown(a, mdLink)}})
}

// dingtalkSign adds DingTalk's signature to a bot URL: timestamp in
// milliseconds, sign = base64(HMAC-SHA256(secret, timestamp+"\n"+secret)).
func dingtalkSign(raw, secret string, now time.Time) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
