// Package schemacheck holds the breaking-change check of Ecograph's GraphQL schema: the
// committed baseline (baseline.graphql, the schema partners build on), the acknowledged
// breaking changes (breaking.txt), and check.sh, which compares the schema the code serves
// with the baseline using graphql-inspector (npm, pinned by package-lock.json). `make
// schema-check` runs it, and `make test` runs that. See docs/portals.md, "Breaking changes".
//
// The package has no Go code; its tests check the checker.
package schemacheck
