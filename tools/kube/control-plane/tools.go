//go:build tools

// The Kubernetes commands the tests run, built from the published k8s.io/kubernetes module. This file only pins
// their dependencies for go.mod/go.sum (the build tag keeps it out of every build); build.sh builds each command.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
