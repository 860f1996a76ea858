package charset

import "testing"

// TestHeaderLabelOfBrokenHeaders: labels are read from headers servers
// really send broken, and a hostile header (invalid bytes before the
// parameter, as the fuzzer found) gives a label or none, never a panic.
func TestHeaderLabelOfBrokenHeaders(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"text/html; charset=GBK", "GBK"},
		{"text/html;;charset=gbk", "gbk"},
		{"text/html;;CharSet=\"gb2312\"", "gb2312"},
		{"\x86ChArset=", ""},
		{"\x86\x86\x86;;charset=gb18030", "gb18030"},
		{"\xff", ""},
		{"", ""},
	} {
		if got := headerLabel(c.header); got != c.want {
			t.Errorf("headerLabel(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}
