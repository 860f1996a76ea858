package data

import "testing"

// TestLocalesBuiltOnFirstUse pins tifa's patch: importing the package builds
// nothing, and the first GetLocaleData builds every locale with its parents
// merged in, as the init functions did.
func TestLocalesBuiltOnFirstUse(t *testing.T) {
	if en_Locale.Name != "" || zh_Hans_HK_Locale.Name != "" {
		t.Fatal("locales were built before first use: a func init() is back in internal/data (see README.tifa.md)")
	}
	ld, ok := GetLocaleData("zh-Hans-HK")
	if !ok || ld.Name != "zh-Hans-HK" {
		t.Fatalf("GetLocaleData(zh-Hans-HK) = %+v, %v; want the zh-Hans-HK locale", ld, ok)
	}
	parent, _ := GetLocaleData("zh-Hans")
	if len(ld.Translations) < len(parent.Translations) || ld.RxCombined == nil {
		t.Fatalf("zh-Hans-HK has %d translations and RxCombined %v; want at least its parent's %d and a regexp",
			len(ld.Translations), ld.RxCombined, len(parent.Translations))
	}
	if en, _ := GetLocaleData("en-GB"); en.DateOrder == "" || en.Translations["january"] == nil {
		t.Fatalf("en-GB not merged with en: %+v", en.Translations["january"])
	}
}
