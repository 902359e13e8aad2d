package demo

import (
	"embed"
	"io/fs"
)

//go:embed data/*.csv
var data embed.FS

// FS returns the demo's import files at the root of a read-only file system, ready for
// importer.ImportFS.
func FS() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // "data" is a valid path, so fs.Sub cannot fail
	}
	return sub
}
