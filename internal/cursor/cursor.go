// Package cursor encodes and decodes the opaque cursors of Ecograph's connections. A cursor
// only names a position in an ordering (an id, or a trust and an id); it grants nothing, so a
// forged cursor can at most move a page, never widen what the caller may see.
//
// It imports only the domain.
package cursor

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"

	"github.com/ecograph/ecograph"
)

// MaxLength bounds the cursors we decode.
const MaxLength = 1024

// EncodeID returns the cursor for the row with id in an ordering of the given kind
// ("org", "person"...).
func EncodeID(kind, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + id))
}

// DecodeID returns the id in a cursor made by EncodeID with the same kind; "" for a nil or
// empty cursor. Errors: EINVALID naming field.
func DecodeID(field, kind string, c *string) (string, error) {
	if c == nil || *c == "" {
		return "", nil
	}
	s, err := decode(field, *c)
	if err != nil {
		return "", err
	}
	id, ok := strings.CutPrefix(s, kind+":")
	if !ok || id == "" {
		return "", ecograph.Invalid(field, "not a cursor of this list")
	}
	return id, nil
}

// EncodeTrust returns the cursor for a row ordered by trust (descending) and then id.
func EncodeTrust(kind string, trust float64, id string) string {
	return base64.RawURLEncoding.EncodeToString(
		[]byte(kind + ":" + strconv.FormatFloat(trust, 'g', -1, 64) + ":" + id))
}

// DecodeTrust returns the trust and id in a cursor made by EncodeTrust; (nil, "") for a nil
// or empty cursor. Errors: EINVALID naming field.
func DecodeTrust(field, kind string, c *string) (*float64, string, error) {
	if c == nil || *c == "" {
		return nil, "", nil
	}
	s, err := decode(field, *c)
	if err != nil {
		return nil, "", err
	}
	rest, ok := strings.CutPrefix(s, kind+":")
	if !ok {
		return nil, "", ecograph.Invalid(field, "not a cursor of this list")
	}
	num, id, ok := strings.Cut(rest, ":")
	if !ok || id == "" {
		return nil, "", ecograph.Invalid(field, "not a cursor of this list")
	}
	t, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(t) || t < 0 || t > 1 {
		return nil, "", ecograph.Invalid(field, "not a cursor of this list")
	}
	return &t, id, nil
}

// EncodeKey returns the cursor for a row ordered by a text key and then id (people by
// name). The key's length goes first, so that neither key nor id needs escaping.
func EncodeKey(kind, key, id string) string {
	return base64.RawURLEncoding.EncodeToString(
		[]byte(kind + ":" + strconv.Itoa(len(key)) + ":" + key + id))
}

// DecodeKey returns the key and id in a cursor made by EncodeKey; ("", "") for a nil or
// empty cursor. Errors: EINVALID naming field.
func DecodeKey(field, kind string, c *string) (key, id string, err error) {
	if c == nil || *c == "" {
		return "", "", nil
	}
	s, err := decode(field, *c)
	if err != nil {
		return "", "", err
	}
	rest, ok := strings.CutPrefix(s, kind+":")
	if !ok {
		return "", "", ecograph.Invalid(field, "not a cursor of this list")
	}
	num, rest, ok := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 || n >= len(rest) || strconv.Itoa(n) != num {
		return "", "", ecograph.Invalid(field, "not a cursor of this list")
	}
	return rest[:n], rest[n:], nil
}

func decode(field, c string) (string, error) {
	if len(c) > MaxLength {
		return "", ecograph.Invalid(field, "cursor too long")
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", ecograph.Invalid(field, "malformed cursor")
	}
	return string(b), nil
}
