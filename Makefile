# Ecograph. `make run` serves the API over a local Neo4j; `make test` runs every test.
SHELL := /bin/bash
GO ?= go
BIN := bin/ecograph
NEO4J := internal/devdb/neo4j.sh

export NEO4J_URI ?= bolt://127.0.0.1:7687
export NEO4J_USER ?= neo4j
export NEO4J_PASSWORD ?= ecograph-local
export ECOGRAPH_JWT_SECRET ?= ecograph-local-development-secret-change-me

.PHONY: all build run test test-unit test-integration bench neo4j neo4j-stop generate vet fmt clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/ecograph

## run: start Neo4j (unless NEO4J_URI points elsewhere), migrate, load the demo if empty, serve.
run: build
	@if [ "$(NEO4J_URI)" = "bolt://127.0.0.1:7687" ]; then bash $(NEO4J) start; fi
	$(BIN) serve --demo-if-empty

## neo4j: start the local Neo4j Community server (idempotent; returns once Bolt answers).
neo4j:
	bash $(NEO4J) start

neo4j-stop:
	bash $(NEO4J) stop

## test: the whole suite, integration tests against a real Neo4j included.
test: build
	@if [ "$(NEO4J_URI)" = "bolt://127.0.0.1:7687" ]; then bash $(NEO4J) start; fi
	$(GO) vet ./...
	ECOGRAPH_INTEGRATION=1 $(GO) test -count=1 -timeout 40m ./...

## test-unit: the fast inner loop, no database.
test-unit:
	$(GO) test -count=1 -short ./...

bench: build
	@if [ "$(NEO4J_URI)" = "bolt://127.0.0.1:7687" ]; then bash $(NEO4J) start; fi
	$(BIN) bench

generate:
	$(GO) generate ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go' | grep -v '^graph/')

clean:
	rm -rf bin
