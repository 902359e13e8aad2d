package cursor

import (
	"testing"

	"github.com/ecograph/ecograph"
)

func TestRoundTrip(t *testing.T) {
	for _, id := range []string{"a", "p-anna", "x:y:z", "ünï"} {
		c := EncodeID("person", id)
		got, err := DecodeID("after", "person", &c)
		if err != nil || got != id {
			t.Fatalf("DecodeID(EncodeID(%q)) = %q, %v", id, got, err)
		}
		if _, err := DecodeID("after", "org", &c); ecograph.ErrorCode(err) != ecograph.EINVALID {
			t.Fatalf("a person cursor decoded as an org cursor: %v", err)
		}
		for _, key := range []string{"", "anna keller", "12:x", "ünï"} {
			kc := EncodeKey("person-name", key, id)
			k, kid, err := DecodeKey("after", "person-name", &kc)
			if err != nil || k != key || kid != id {
				t.Fatalf("DecodeKey(EncodeKey(%q, %q)) = %q, %q, %v", key, id, k, kid, err)
			}
			if _, err := DecodeID("after", "person", &kc); ecograph.ErrorCode(err) != ecograph.EINVALID {
				t.Fatalf("a name cursor decoded as an id cursor: %v", err)
			}
			if _, _, err := DecodeKey("after", "person-name", &c); ecograph.ErrorCode(err) != ecograph.EINVALID {
				t.Fatalf("an id cursor decoded as a name cursor: %v", err)
			}
		}
		tc := EncodeTrust("tie", 0.25, id)
		tr, tid, err := DecodeTrust("after", "tie", &tc)
		if err != nil || *tr != 0.25 || tid != id {
			t.Fatalf("DecodeTrust = %v %q %v", tr, tid, err)
		}
	}
}

func TestBadCursors(t *testing.T) {
	for _, c := range []string{"%%%", "bm9wZQ", EncodeTrust("tie", 0.5, "")} {
		if _, err := DecodeID("after", "person", &c); ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != "after" {
			t.Errorf("DecodeID(%q): want EINVALID on after, got %v", c, err)
		}
		if _, _, err := DecodeTrust("after", "tie", &c); ecograph.ErrorCode(err) != ecograph.EINVALID {
			t.Errorf("DecodeTrust(%q): want EINVALID, got %v", c, err)
		}
		if _, _, err := DecodeKey("after", "person-name", &c); ecograph.ErrorCode(err) != ecograph.EINVALID {
			t.Errorf("DecodeKey(%q): want EINVALID, got %v", c, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(EncodeID("person", "p1"))
	f.Add(EncodeTrust("tie", 0.5, "p2"))
	f.Add(EncodeKey("person-name", "anna keller", "p3"))
	f.Add("")
	f.Fuzz(func(t *testing.T, c string) {
		id, err := DecodeID("after", "person", &c)
		if err == nil && c != "" && EncodeID("person", id) != c {
			// Only canonical encodings decode without error.
			if _, err2 := DecodeID("after", "person", ptr(EncodeID("person", id))); err2 != nil {
				t.Fatalf("re-encoding %q failed: %v", id, err2)
			}
		}
		tr, _, err := DecodeTrust("after", "tie", &c)
		if err == nil && tr != nil && (*tr < 0 || *tr > 1) {
			t.Fatalf("trust %v out of range accepted", *tr)
		}
		key, kid, err := DecodeKey("after", "person-name", &c)
		if err == nil && c != "" {
			k2, id2, err2 := DecodeKey("after", "person-name", ptr(EncodeKey("person-name", key, kid)))
			if err2 != nil || k2 != key || id2 != kid || kid == "" {
				t.Fatalf("name cursor %q -> (%q, %q) does not round-trip: %q %q %v", c, key, kid, k2, id2, err2)
			}
		}
	})
}

func ptr(s string) *string { return &s }
