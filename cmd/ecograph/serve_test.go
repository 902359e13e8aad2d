package main

import (
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeRefusesTheDevSecretOffLoopback: with the built-in development secret, serve refuses
// any address other machines can reach, before it touches the database, and says what to set.
// Loopback, a real secret, or asymmetric keys pass the check.
func TestServeRefusesTheDevSecretOffLoopback(t *testing.T) {
	refused := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"every interface", map[string]string{"ECOGRAPH_ADDR": "0.0.0.0:8080"}, nil},
		{"every interface, no host", map[string]string{"ECOGRAPH_ADDR": ":8080"}, nil},
		{"IPv6 every interface", nil, []string{"--addr", "[::]:8080"}},
		{"a LAN address by flag", nil, []string{"--addr", "192.168.1.20:8080"}},
		{"a host name", map[string]string{"ECOGRAPH_ADDR": "ecograph.example.com:8080"}, nil},
		{"the secret spelt out", map[string]string{"ECOGRAPH_ADDR": "0.0.0.0:8080", "ECOGRAPH_JWT_SECRET": defaultJWTSecret}, nil},
		{"published off loopback", map[string]string{"ECOGRAPH_ADDR": "127.0.0.1:8080", "ECOGRAPH_PUBLISHED_HOST": "0.0.0.0"}, nil},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"ECOGRAPH_JWT_SECRET": "", "ECOGRAPH_ENV": "", "ECOGRAPH_JWT_ALG": "",
				"ECOGRAPH_PUBLISHED_HOST": "", "NEO4J_URI": "bolt://127.0.0.1:1"} // no database is reached
			for k, v := range c.env {
				env[k] = v
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := run(ctx, append([]string{"serve"}, c.args...), func(k string) string { return env[k] }, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "ECOGRAPH_JWT_SECRET") || !strings.Contains(err.Error(), "development JWT secret") {
				t.Fatalf("want a refusal naming ECOGRAPH_JWT_SECRET, got %v", err)
			}
		})
	}

	allowed := []struct {
		name, addr string
		env        map[string]string
	}{
		{"loopback", "127.0.0.1:8080", nil},
		{"loopback 127/8", "127.0.1.1:8080", nil},
		{"IPv6 loopback", "[::1]:8080", nil},
		{"localhost", "localhost:8080", nil},
		{"a container published on loopback", "0.0.0.0:8080", map[string]string{"ECOGRAPH_PUBLISHED_HOST": "127.0.0.1"}},
		{"a real secret", "0.0.0.0:8080", map[string]string{"ECOGRAPH_JWT_SECRET": strings.Repeat("k", 40)}},
		{"asymmetric keys", "0.0.0.0:8080", map[string]string{"ECOGRAPH_JWT_ALG": "RS256"}},
	}
	for _, c := range allowed {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return c.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if err := refuseDevSecretOffLoopback(cfg, c.addr); err != nil {
				t.Fatalf("refused: %v", err)
			}
		})
	}
}

// TestComposePublishesOnLoopback: with its defaults, docker-compose.yml publishes every port on
// 127.0.0.1 only, and the API's published host (which serve checks before accepting the
// development secret) is the one its port mapping uses. Docker is not on the test machines,
// so the file is read, not run.
func TestComposePublishesOnLoopback(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	// ${VAR:-default} as Compose interpolates it when VAR is unset.
	expand := func(s string) string {
		return regexp.MustCompile(`\$\{[A-Z0-9_]+:-([^}]*)\}`).ReplaceAllString(s, "$1")
	}
	mapping := regexp.MustCompile(`^\s*-\s*"?([^"#\s]+)"?`)
	var published []string
	inPorts, indent := false, 0
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		depth := len(line) - len(strings.TrimLeft(line, " "))
		if inPorts && depth <= indent {
			inPorts = false
		}
		if trimmed == "ports:" {
			inPorts, indent = true, depth
			continue
		}
		if inPorts {
			m := mapping.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("unreadable ports entry %q", line)
			}
			published = append(published, m[1])
			if p := expand(m[1]); !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("port %q is published on %q by default, not on 127.0.0.1", m[1], p)
			}
		}
	}
	if len(published) < 3 {
		t.Fatalf("found only %d published ports: %v", len(published), published)
	}
	api := regexp.MustCompile(`(?m)^\s*ECOGRAPH_PUBLISHED_HOST:\s*(\S+)`).FindStringSubmatch(string(b))
	if api == nil {
		t.Fatal("the api service does not tell serve where it is published (ECOGRAPH_PUBLISHED_HOST)")
	}
	found := false
	for _, p := range published {
		found = found || strings.HasPrefix(p, api[1]+":") && strings.HasSuffix(p, ":8080")
	}
	if !found {
		t.Errorf("the API's port mapping does not use ECOGRAPH_PUBLISHED_HOST's value %s: %v", api[1], published)
	}
}

// TestBrowserURLConfig: ECOGRAPH_BROWSER_URL defaults to the local Browser, and anything but
// an absolute http(s) URL is refused naming the variable.
func TestBrowserURLConfig(t *testing.T) {
	cfg, err := loadConfig(func(string) string { return "" })
	if err != nil || cfg.BrowserURL != "http://localhost:7474/browser/" {
		t.Fatalf("default: %q %v", cfg.BrowserURL, err)
	}
	cfg, err = loadConfig(func(k string) string {
		return map[string]string{"ECOGRAPH_BROWSER_URL": "https://neo4j.example.com/browser/"}[k]
	})
	if err != nil || cfg.BrowserURL != "https://neo4j.example.com/browser/" {
		t.Fatalf("set: %q %v", cfg.BrowserURL, err)
	}
	_, err = loadConfig(func(k string) string { return map[string]string{"ECOGRAPH_BROWSER_URL": "localhost:7474"}[k] })
	if err == nil || !strings.Contains(err.Error(), "ECOGRAPH_BROWSER_URL") {
		t.Fatalf("want a refusal naming ECOGRAPH_BROWSER_URL, got %v", err)
	}
}
