package sqlite

// DecodeSpans unpacks a mentions.spans blob, for the per-article reports
// (snippets, co-occurrence) that read mentions without the stored sentences.
func DecodeSpans(b []byte) ([]Span, error) { return decodeSpans(b) }
