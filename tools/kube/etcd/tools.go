//go:build tools

// etcd's server module keeps its main package at the module root and uses relative replaces, so it cannot be
// installed with `go install`; this wrapper requires it (no replaces needed) and build.sh builds it.
package tools

import _ "go.etcd.io/etcd/server/v3"
