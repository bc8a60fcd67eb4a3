// Package contractserver is a fake Atlas Admin API for end-to-end tests of
// the generated client. Its routing, parameter binding and models come from
// oapi-codegen run on openapi/atlas-restore-jobs.yaml, not from our own
// generator, and its answers are the spec's own examples, so a client bug and
// a matching generator bug cannot hide each other.
package contractserver

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../openapi/atlas-restore-jobs.yaml
