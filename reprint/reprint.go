// Package reprint tells a wire story reprinted on ten sites from ten
// stories: a SimHash Fingerprint of an article's body, the Distance between
// two fingerprints, and Find, which clusters articles by it so reports can
// count originals only.
package reprint
