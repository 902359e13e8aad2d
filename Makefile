# Ecograph. `make run` serves the API over a local Neo4j; `make test` runs every test.
SHELL := /bin/bash
GO ?= go
BIN := bin/ecograph
NEO4J := internal/devdb/neo4j.sh

export NEO4J_URI ?= bolt://127.0.0.1:7687
export NEO4J_USER ?= neo4j
export NEO4J_PASSWORD ?= ecograph-local
export ECOGRAPH_JWT_SECRET ?= ecograph-local-development-secret-change-me

# Start the local Neo4j when NEO4J_URI points at this machine (on the URI's port); leave a
# remote database alone.
LOCAL_NEO4J = if [[ "$(NEO4J_URI)" =~ ^(bolt|neo4j)://(127\.0\.0\.1|localhost)(:([0-9]+))?/?$$ ]]; then \
	NEO4J_BOLT_PORT=$${BASH_REMATCH[4]:-7687} bash $(NEO4J) start; fi

.PHONY: all build run test test-unit bench bench-large soak loadtest bench-xl bulk-load neo4j neo4j-stop generate vet fmt clean schema-check schema-baseline

all: build

build:
	$(GO) build -o $(BIN) ./cmd/ecograph

## run: start Neo4j (unless NEO4J_URI points elsewhere), migrate, load the demo if empty, serve.
run: build
	@$(LOCAL_NEO4J)
	@echo "Explorer: http://$${ECOGRAPH_ADDR:-127.0.0.1:8080}/app/ (paste a token; these are valid for 12 hours)"
	@echo "  the demo's first story: http://$${ECOGRAPH_ADDR:-127.0.0.1:8080}/app/#/route?from=p-anna-keller&to=p-thomas-brenner"
	@echo "  seller (Anna Keller):  $$($(BIN) token --role SELLER --subject p-anna-keller --ttl 12h)"
	@echo "  partner (MediLog):     $$($(BIN) token --role PARTNER --org org-medilog --ttl 12h)"
	$(BIN) serve --demo-if-empty

## neo4j: start the local Neo4j Community server (idempotent; returns once Bolt answers).
neo4j:
	bash $(NEO4J) start

neo4j-stop:
	bash $(NEO4J) stop

RACE_PKGS := projection server

## test: the whole suite, integration tests against a real Neo4j included.
test: build
	@$(LOCAL_NEO4J)
	@bash internal/devdb/chromium.sh
	@bash internal/devdb/networkx.sh
	$(GO) vet ./...
	ECOGRAPH_INTEGRATION=1 $(GO) test -count=1 -timeout 40m $$($(GO) list ./... | grep -v -x $(RACE_PKGS:%=-e github.com/ecograph/ecograph/internal/%))
	@# The packages where readers meet writers run under the race detector (route's property
	@# tests at their -short size there; they run at full size above).
	ECOGRAPH_INTEGRATION=1 $(GO) test -race -count=1 -timeout 40m $(RACE_PKGS:%=./internal/%/)
	$(GO) test -race -short -count=1 ./internal/route/
	@$(MAKE) --no-print-directory schema-check

## schema-check: fail on a breaking change of the GraphQL schema against
## internal/schemacheck/baseline.graphql that internal/schemacheck/breaking.txt does not
## acknowledge (graphql-inspector; docs/portals.md). schema-baseline: at a release, make the
## current schema the baseline and empty the acknowledgements.
schema-check:
	bash internal/schemacheck/check.sh

schema-baseline:
	$(GO) run ./cmd/ecograph schema > internal/schemacheck/baseline.graphql
	grep '^#' internal/schemacheck/breaking.txt > internal/schemacheck/breaking.txt.new || true
	mv internal/schemacheck/breaking.txt.new internal/schemacheck/breaking.txt

## test-unit: the fast inner loop, no database.
test-unit:
	$(GO) test -count=1 -short ./...

## bench: the route benchmark on 10k people / 180k ties (LDBC SF1's size), then the pure search
## micro-benchmarks. bench-large: the same at 100k people / 2M ties (about 10 minutes).
bench: build
	@$(LOCAL_NEO4J)
	$(BIN) bench --people 10000 --ties-per-person 18 --queries 300 --interactions 1000000
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 200x ./internal/route
	$(GO) test -run '^$$' -bench AtScale -benchtime 1x -timeout 30m ./internal/ona
	$(GO) test -run '^$$' -bench Swarm -benchtime 20x -short ./internal/projection

bench-large: build
	@$(LOCAL_NEO4J)
	$(BIN) bench --people 100000 --ties-per-person 20 --queries 200
	ECOGRAPH_ONA_PEOPLE=100000 $(GO) test -run '^$$' -bench 'AtScale/(betweenness-estimate|brokerage|bridges|ecosystem-matches)' -benchtime 1x -timeout 60m ./internal/ona
	$(GO) test -run '^$$' -bench 'Swarm/people=100000' -benchtime 20x -timeout 30m ./internal/projection

## bulk-load: load DIR's CSV files into the EMPTY local database with neo4j-admin's offline
## importer (stops and restarts the local server; OVERWRITE=1 replaces a database with data).
## docs/bulk-load.md
bulk-load: build
	@test -n "$(DIR)" || { echo "usage: make bulk-load DIR=folder-with-csv-files [OVERWRITE=1]"; exit 2; }
	NEO4J_BOLT_PORT=$${NEO4J_BOLT_PORT:-$$(sed -E 's|.*:([0-9]+)/?$$|\1|' <<<"$(NEO4J_URI)")} \
	  bash internal/devdb/bulk-load.sh --dir "$(DIR)" $(if $(OVERWRITE),--overwrite)

## bench-xl: a million people (not in CI): gen 1M / 18M ties, bulk load into the EMPTY local
## database, serve, projection load time, API RSS and routes under load (docs/bulk-load.md).
bench-xl: build
	NEO4J_BOLT_PORT=$${NEO4J_BOLT_PORT:-$$(sed -E 's|.*:([0-9]+)/?$$|\1|' <<<"$(NEO4J_URI)")} \
	  bash internal/devdb/bench-xl.sh

## soak: 30 minutes of mixed reads and writes at a steady rate against `ecograph serve` on a
## generated 10k-person graph (imported first; it writes gen's ids p-00001...), a report row per
## minute (docs/soak.md). SOAK_DURATION, SOAK_RATE (ops/s) and SOAK_URL (a running API) override.
soak: build
	@$(LOCAL_NEO4J)
	$(BIN) soak --mixed --people 10000 --duration $${SOAK_DURATION:-30m} --rate $${SOAK_RATE:-10} $${SOAK_URL:+--url $$SOAK_URL}

## loadtest: route queries from 8, 32 and 128 clients against a running API (`make run`, or
## LOADTEST_URL), 20 s per level: routes/s, p50/p90/p99/max, errors by code, the API's RSS
## (docs/benchmarks.md). LOADTEST_DIR: the CSV folder the database holds (gen's output; default:
## people sampled through the API); LOADTEST_CLIENTS, LOADTEST_DURATION, LOADTEST_MIX override.
loadtest: build
	$(BIN) loadtest --url $${LOADTEST_URL:-http://127.0.0.1:8080} --clients $${LOADTEST_CLIENTS:-8,32,128} \
	  --duration $${LOADTEST_DURATION:-20s} --mix $${LOADTEST_MIX:-best=1,fewest=1,k5=1,dm3=1} $${LOADTEST_DIR:+--dir $$LOADTEST_DIR}

generate:
	$(GO) generate ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go' | grep -v '^graph/')

clean:
	rm -rf bin
