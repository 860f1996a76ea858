// Package tifa holds the domain's nouns, defined once: the Article and its
// term Counts, the Span of a mention, the Filter a report reads by and the
// rows it reads, the frontier's Pending URL, a crawl Run, a Lexicon version,
// and the Day in China time. Every engine (package sqlite today) stores these
// and every reader (report, health, dashboard) reads them; neither owns them.
package tifa
