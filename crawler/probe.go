package crawler

type probe struct{}
