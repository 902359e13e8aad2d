package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// RSA moduli outside these bounds are refused: small ones are forgeable, huge ones make each
// verification an attacker-chosen amount of work.
const (
	minRSABits = 2048
	maxRSABits = 8192
)

// checkKey returns key when it may verify tokens of alg, an error saying why not otherwise.
// This is the one place that ties key types to algorithms: an RSA key never verifies ES256
// and an ECDSA key never verifies RS256.
func checkKey(key any, alg string) (any, error) {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if alg != RS256 {
			return nil, fmt.Errorf("an RSA key cannot verify %s", alg)
		}
		if n := k.N.BitLen(); n < minRSABits || n > maxRSABits {
			return nil, fmt.Errorf("RSA key of %d bits, want %d to %d", n, minRSABits, maxRSABits)
		}
		if k.E < 3 || k.E%2 == 0 {
			return nil, errors.New("RSA key with a bad public exponent")
		}
		return k, nil
	case *ecdsa.PublicKey:
		if alg != ES256 {
			return nil, fmt.Errorf("an ECDSA key cannot verify %s", alg)
		}
		if k.Curve != elliptic.P256() {
			return nil, errors.New("ES256 needs a P-256 key")
		}
		return k, nil
	}
	return nil, fmt.Errorf("a %T cannot verify %s", key, alg)
}

// parsePublicKeyPEM reads the first PEM block of data as a public key for alg.
func parsePublicKeyPEM(data []byte, alg string) (any, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block found")
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("PEM block %q is not a public key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("parse public key: %v", err)
	}
	return checkKey(key, alg)
}

// parsePrivateKeyPEM reads the first PEM block of data as a signing key for alg.
func parsePrivateKeyPEM(data []byte, alg string) (any, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block found")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q is not a private key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("parse private key: %v", err)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		_, err = checkKey(&k.PublicKey, alg)
	case *ecdsa.PrivateKey:
		_, err = checkKey(&k.PublicKey, alg)
	default:
		err = fmt.Errorf("a %T cannot sign %s", key, alg)
	}
	if err != nil {
		return nil, err
	}
	return key, nil
}

// jwk is one key of an RFC 7517 key set; only the public members we use.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseJWKS returns the keys of an RFC 7517 key set that may verify tokens of alg, by kid.
// Keys are skipped, not fatal, when they have no kid, are meant for encryption, name another
// algorithm, have a kty that does not fit alg, or do not decode; a kid that appears twice is
// dropped altogether rather than guessed. Errors: a document that is not a key set, or one
// with no usable key.
func parseJWKS(data []byte, alg string) (map[string]any, error) {
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("decode key set: %v", err)
	}
	keys := make(map[string]any, len(set.Keys))
	dup := map[string]bool{}
	for _, k := range set.Keys {
		if k.Kid == "" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != alg) {
			continue
		}
		key, err := k.publicKey(alg)
		if err != nil {
			continue
		}
		if _, seen := keys[k.Kid]; seen || dup[k.Kid] {
			delete(keys, k.Kid)
			dup[k.Kid] = true
			continue
		}
		keys[k.Kid] = key
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("key set has no usable %s key with a kid", alg)
	}
	return keys, nil
}

// publicKey decodes k as a key for alg.
func (k jwk) publicKey(alg string) (any, error) {
	switch {
	case k.Kty == "RSA" && alg == RS256:
		n, err := b64(k.N)
		if err != nil {
			return nil, err
		}
		e, err := b64(k.E)
		if err != nil {
			return nil, err
		}
		if len(e) == 0 || len(e) > 4 {
			return nil, errors.New("bad exponent")
		}
		exp := 0
		for _, b := range e {
			exp = exp<<8 | int(b)
		}
		return checkKey(&rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}, alg)
	case k.Kty == "EC" && alg == ES256:
		if k.Crv != "P-256" {
			return nil, errors.New("unsupported curve")
		}
		x, err := b64(k.X)
		if err != nil {
			return nil, err
		}
		y, err := b64(k.Y)
		if err != nil {
			return nil, err
		}
		if len(x) != 32 || len(y) != 32 {
			return nil, errors.New("bad coordinate length")
		}
		// ParseUncompressedPublicKey refuses points off the curve and the point at infinity.
		key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
		if err != nil {
			return nil, err
		}
		return checkKey(key, alg)
	}
	return nil, errors.New("key type does not fit the algorithm")
}

// b64 decodes base64url, tolerating the padding some publishers add.
func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
