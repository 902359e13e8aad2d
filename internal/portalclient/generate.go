// Package portalclient is the README's typed client example for partner portals ("Build a
// portal"): operations.graphql holds a portal's operations and genqlient generates a typed Go
// function for each (generated.go). Its tests run the client against the real server as a
// partner, with its operations as the partner's trusted documents.
package portalclient

//go:generate go tool genqlient genqlient.yaml
