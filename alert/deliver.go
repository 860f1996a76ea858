package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tifa-project/tifa/limit"
)

// Destination is where alerts go: a webhook in a format, or standard
// output (Format "stdout").
type Destination struct {
	Format string // json, slack, teams, wecom, dingtalk, stdout
	URL    string
	Secret string // dingtalk: the bot's signing secret, optional
}

// ID names the destination in the database; the secret stays out.
func (d Destination) ID() string {
	if d.Format == "stdout" {
		return "stdout"
	}
	return d.Format + " " + d.URL
}

// Sender posts alerts with retries. Sleep and Now are injected so tests
// are deterministic.
type Sender struct {
	Client   *http.Client
	Attempts int           // per run [3]
	Backoff  time.Duration // first wait, doubled each retry [2s]
	Sleep    func(ctx context.Context, d time.Duration) error
	Now      func() time.Time
	Stdout   io.Writer
}

// errPermanent marks a refusal that retrying in this run will not change.
var errPermanent = errors.New("refused")

// Send delivers a to d, retrying with backoff; it returns the attempts made.
func (s *Sender) Send(ctx context.Context, d Destination, a Alert) (int, error) {
	if d.Format == "stdout" {
		_, err := io.WriteString(s.Stdout, plain(a)+"\n")
		return 1, err
	}
	body, err := Body(d.Format, a)
	if err != nil {
		return 0, err
	}
	attempts, wait := s.Attempts, s.Backoff
	if attempts <= 0 {
		attempts = 3
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	for i := 1; ; i++ {
		err = s.post(ctx, d, body)
		if err == nil || errors.Is(err, errPermanent) || i == attempts {
			return i, err
		}
		if serr := s.Sleep(ctx, wait); serr != nil {
			return i, serr
		}
		wait *= 2
	}
}

func (s *Sender) post(ctx context.Context, d Destination, body []byte) error {
	u := d.URL
	if d.Format == "dingtalk" && d.Secret != "" {
		var err error
		if u, err = dingtalkSign(u, d.Secret, s.Now()); err != nil {
			return fmt.Errorf("sign %s: %w", d.URL, err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("post to %s: %w: %w", d.URL, errPermanent, err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := s.Client.Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", d.URL, err)
	}
	defer resp.Body.Close()
	reply, err := limit.ReadAll(resp.Body, 64<<10)
	if err != nil {
		return fmt.Errorf("read reply of %s: %w", d.URL, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("post to %s: %s: %.200s", d.URL, resp.Status, reply)
	case resp.StatusCode >= 300:
		return fmt.Errorf("post to %s: %w: %s: %.200s", d.URL, errPermanent, resp.Status, reply)
	}
	// WeCom and DingTalk answer 200 with an error code in the body.
	if d.Format == "wecom" || d.Format == "dingtalk" {
		var r struct {
			Code *int   `json:"errcode"`
			Msg  string `json:"errmsg"`
		}
		if json.Unmarshal(reply, &r) != nil || r.Code == nil {
			return fmt.Errorf("post to %s: reply is not a bot reply: %.200s", d.URL, reply)
		}
		if *r.Code != 0 {
			return fmt.Errorf("post to %s: errcode %d: %s", d.URL, *r.Code, r.Msg)
		}
	}
	return nil
}
