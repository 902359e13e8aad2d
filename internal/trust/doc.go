// Package trust is Ecograph's trust model: a pure function from the evidence about a pair of
// people (an imported trust value, directed ONA survey answers, logged interactions, a manual
// override) to the trust of their tie, in [0, 1], with a confidence in [0, 1] and the parts an
// API needs to explain the value.
//
// The model is a weighted blend of evidence, read as pseudo-counts ("Beta-style"): every
// source adds mass for and against trust, dated evidence loses half its mass every
// Params.HalfLife, and trust is the share of mass in favour. docs/trust-model.md gives the
// formula, the defaults and the reasons for them, with a worked example that the tests check.
//
// Compute is on the importer's hot path (millions of ties per run), so it does not allocate,
// and interactions reach it as a per-pair aggregate (Interactions) rather than as a list.
//
// The package is pure: no I/O, no goroutines, no globals, no clock (the caller passes now).
// It imports only the standard library and the domain package github.com/ecograph/ecograph
// (for its error codes).
package trust
