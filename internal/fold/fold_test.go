package fold

import (
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Räber", "raber"},
		{"RÄBER", "raber"},
		{"raber", "raber"},
		{"Zürcher", "zurcher"},
		{"Zoë Zürcher", "zoe zurcher"},
		{"Émile Adam", "emile adam"},
		{"Ra\u0308ber", "raber"}, // decomposed input: a + combining diaeresis
		{"Straße", "strasse"},
		{"STRASSE", "strasse"},
		{"Øyvind Ødegård", "oyvind odegard"},
		{"Łukasz Wałęsa", "lukasz walesa"},
		{"Ærø", "aero"},
		{"Çağlar Şahin", "caglar sahin"},
		{"Nguyễn Văn Thắng", "nguyen van thang"},
		{"ﬁnn", "finn"},
		{"ＡＮＮＡ", "anna"},
		{"Μαρία", "μαρια"}, // Greek keeps its letters, loses its accent
		{"Дмитрий", "дмитрии"},
		{"山田 太郎", "山田 太郎"},
		{"", ""},
		{"  Anna  ", "  anna  "},
		{"bad \xff byte", "bad \uFFFD byte"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got := Key(c.in)
			if got != c.want {
				t.Fatalf("Key(%q) = %q, want %q", c.in, got, c.want)
			}
			if again := Key(got); again != got {
				t.Fatalf("Key is not idempotent: Key(%q) = %q", got, again)
			}
		})
	}
}

// A search text folds to a substring of a name's key whenever it is a substring of the name
// up to case and accents.
func TestKeyKeepsSubstrings(t *testing.T) {
	for _, c := range []struct{ name, text string }{
		{"Ursula Räber", "RÄB"}, {"Ursula Räber", "rab"}, {"Hans Zürcher", "zurch"},
		{"Anna Keller", "ELLER"}, {"Straße", "ss"},
	} {
		if !strings.Contains(Key(c.name), Key(c.text)) {
			t.Errorf("%q does not find %q (%q, %q)", c.text, c.name, Key(c.text), Key(c.name))
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Räber", "Straße", "\xff", "ǅ", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if Key(k) != k {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, k, Key(k))
		}
	})
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("Ursula Räber-Zürcher")
	}
}
