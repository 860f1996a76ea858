// Serves saved corpus pages as an HTTP proxy answering for their original URLs.
package main

import (
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

func main() {
	corpus := os.Args[1]
	pages := map[string]string{
		"http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html": "xinhua/mh_news_cn_politics_leaders_20240509_3dd6e33c.html",
		"http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html":                        "people/mh_finance_people_c1004_40232587.html",
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(ln.Addr())
	os.Stdout.Sync()
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := r.URL.String()
		if u == "http://www.news.cn/politics/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>listing (constructed)</title></head><body><a href="/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html">article</a></body></html>`)
			return
		}
		name, ok := pages[u]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := os.ReadFile(corpus + "/" + name)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if strings.Contains(u, "people") {
			// gzip-encoded and chunked, as many servers answer
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				w.Header().Set("Content-Encoding", "gzip")
				gz := gzip.NewWriter(w)
				gz.Write(b)
				gz.Close()
				return
			}
			w.Write(b[:len(b)/2])
			w.(http.Flusher).Flush()
			w.Write(b[len(b)/2:])
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.Write(b)
	}))
}
