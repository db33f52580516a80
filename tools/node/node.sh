#!/usr/bin/env bash
# A real single Kubernetes node beside the test control plane, for the integration tests and by hand:
#
#   node.sh address            create the node's address (its bridge's), print it; the API server binds to it
#   node.sh up DIR KUBECONFIG  start the node: a local registry with the test images, containerd, kubelet,
#                              kube-proxy, kube-scheduler, kube-network-policies, CoreDNS; wait until it is Ready
#   node.sh outside IP...      give addresses to the "outside" network namespace (the internet, private networks,
#                              the metadata service as the pods see them)
#   node.sh serve-outside PORT...   testapp serve in the outside namespace (on all its addresses)
#   node.sh probe-outside FROM TARGET...   testapp probe in the outside namespace, from one of its addresses
#   node.sh image DIR REF...  the test application under these names (as the charts name their images)
#   node.sh platform DIR KUBECONFIG openshift|kubernetes   OpenShift's DNS and user-ID assignment, or not
#   node.sh digest DIR REF...  the digest of each image in the node's registry
#   node.sh containers DIR NS  the node's containers of the pods of a namespace
#   node.sh leftovers DIR      print what a node left on the machine (nothing after down)
#   node.sh down DIR           stop everything by PID and remove what the node made: containers, mounts,
#                              cgroups, interfaces, network namespaces, nft tables and iptables chains, routes
#
# Needs root, containerd and runc, the CNI plugins (Debian's containernetworking-plugins), and the binaries of
# tools/kube/build.sh node and tools/node/build.sh. Everything it makes is named chartsec-*, or lives in DIR or in
# /run/chartsec-node. The traps of these machines (cgroup v1 without systemd, no CAP_SYS_RESOURCE, no
# CONFIG_NFT_QUEUE) are handled where they arise; each is said in a comment.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="$(cd "$here/../.." && pwd)/.tools"
KUBE_BIN="$tools/kube/bin"
NODE_BIN="$tools/node/bin"
NODE_NAME=chartsec-node
# The node's address is the pods' gateway on its bridge (the kernels here have no dummy interfaces): pods reach
# the API server there, and the bridge plugin finds it in place.
BRIDGE=chartsec-br0
NODE_IP=10.244.0.1
# Wide enough that a test run never wraps around it: the address allocator hands addresses out in turn, and an
# address given again soon after its pod went may still name that (terminating) pod to the policy enforcer.
POD_CIDR=10.244.0.0/16
CLUSTER_CIDR=$POD_CIDR
DNS_IP=10.96.0.10
OUTSIDE=chartsec-outside        # the network namespace of the addresses outside the cluster
OUTSIDE_LINK=chartsec-out0
OUTSIDE_GATEWAY=169.254.123.1   # link addresses between the node and the outside namespace
OUTSIDE_PEER=169.254.123.2
RUN=/run/chartsec-node
CGROUP_ROOT=chartsec-node       # kubelet's cgroupRoot, in every cgroup v1 hierarchy
REGISTRY=registry.chartsec.test
# the images node.sh makes from tools/node/build.sh's binaries, named as their upstream images are
BUSYBOX_IMAGE=library/busybox:1.37.0   # in docker.io: the connection test's image
DNS_IMAGE=coredns:1.15.0               # in $REGISTRY

log() { echo "node: $*" >&2; }

# ctr on the node's containerd, in the namespace of kubelet's containers
node_ctr() { ctr --address "$RUN/containerd.sock" -n k8s.io "$@"; }

# the node's registry on loopback, as push_images recorded it
node_registry() { cat "$DIR/registry.address"; }

# the mount points under the node's folders
node_mounts() { awk -v dir="$DIR" -v run="$RUN" 'index($2, dir) == 1 || index($2, run) == 1 { print $2 }' /proc/self/mounts; }

# the KUBE-* and CNI-* chains of an iptables table (kube-proxy's and kubelet's, the bridge plugin's masquerading)
node_chains() { iptables-save -t "$1" 2> /dev/null | awk '/^:(KUBE-|CNI-)/ {print substr($1, 2)}'; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME COMMAND...: runs it in the background with its log in DIR/NAME.log, records "NAME PID" in DIR/pids
start() {
  local name="$1"; shift
  "$@" > "$DIR/$name.log" 2>&1 &
  echo "$name $!" >> "$DIR/pids"
}

wait_for() { # WHAT SECONDS COMMAND...
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "timed out after $seconds s waiting for $what; logs in $DIR"
      return 1
    fi
    sleep 0.2
  done
}

cmd_address() {
  if ! ip link show "$BRIDGE" > /dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  echo "$NODE_IP"
}

# The images every pod of the tests runs, pushed to a registry on loopback that containerd reaches as a mirror of
# docker.io, ghcr.io, registry.k8s.io and registry.chartsec.test, so a pod that insists on pulling (imagePullPolicy
# Always, the charts' default) pulls as it would from a real registry. `node.sh image` names the test application
# as any other image of those registries (the image a chart names, pulled from the mirror, is the test application).
push_images() {
  local root="$DIR/images" crane="$NODE_BIN/crane" registry="127.0.0.1:$1"
  echo "$registry" > "$DIR/registry.address"
  mkdir -p "$root"
  layer() { # NAME: FILES... from $root/NAME, as a reproducible tarball
    tar -C "$root/$1" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$root/$1.tar" .
  }
  mkdir -p "$root/busybox/bin" "$root/testapp/bin" "$root/coredns"
  cp "$NODE_BIN/busybox" "$root/busybox/bin/busybox"
  for applet in $("$NODE_BIN/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/busybox/bin/$applet"
  done
  cp -a "$root/busybox/bin/." "$root/testapp/bin/"
  cp "$NODE_BIN/testapp" "$root/testapp/testapp"
  cp "$NODE_BIN/coredns" "$root/coredns/coredns"
  # the DNS pod is a peer of the traffic tests too: they probe from it
  cp "$NODE_BIN/testapp" "$root/coredns/testapp"
  for image in busybox testapp coredns; do layer "$image"; done
  push() { # REF LAYER ENTRYPOINT USER
    "$crane" append --insecure --oci-empty-base -f "$root/$2.tar" -t "$registry/$1" 2>> "$DIR/images.log" > /dev/null
    "$crane" mutate --insecure "$registry/$1" --entrypoint="$3" --user="$4" -t "$registry/$1" 2>> "$DIR/images.log" > /dev/null
  }
  push "$BUSYBOX_IMAGE" busybox "" ""
  "$crane" mutate --insecure "$registry/$BUSYBOX_IMAGE" --cmd=sh -t "$registry/$BUSYBOX_IMAGE" 2>> "$DIR/images.log" > /dev/null
  push testapp:1 testapp /testapp 65532
  push pause:1 testapp /testapp,pause 65535
  push "$DNS_IMAGE" coredns /coredns 0
}

write_configs() { # REGISTRY-PORT
  local mirror="http://127.0.0.1:$1"
  mkdir -p "$DIR/cni/net.d" "$DIR/cni/ipam" "$DIR/kubelet" "$RUN"
  cat > "$DIR/containerd.toml" <<TOML
version = 2
root = "$DIR/containerd"
state = "$RUN/containerd"
[grpc]
  address = "$RUN/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$REGISTRY/pause:1"
  # root here lacks CAP_SYS_RESOURCE: without this every container fails with "can't get final child's PID from pipe"
  restrict_oom_score_adj = true
  # as containerd 2 does by default: pods may bind ports below 1024 and ping without a capability
  enable_unprivileged_ports = true
  enable_unprivileged_icmp = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$DIR/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
    endpoint = ["$mirror"]
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."registry.k8s.io"]
    endpoint = ["$mirror"]
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."$REGISTRY"]
    endpoint = ["$mirror"]
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."ghcr.io"]
    endpoint = ["$mirror"]
TOML
  cat > "$DIR/cni/net.d/10-chartsec.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "chartsec", "plugins": [
  {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$DIR/cni/ipam", "ranges": [[{"subnet": "$POD_CIDR"}]],
            "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
JSON
  echo "nameserver $OUTSIDE_PEER" > "$DIR/resolv.conf"
  cat > "$DIR/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# the machine has cgroup v1 and no systemd
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$RUN/containerd.sock
address: $NODE_IP
port: $(free_port)
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port)
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $CA}
authorization: {mode: AlwaysAllow}
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
resolvConf: $DIR/resolv.conf
failSwapOn: false
serializeImagePulls: false
# a test machine's disk may be fuller than a node's would be: never evict or collect images for it
evictionHard: {memory.available: "1Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
enforceNodeAllocatable: []
cgroupRoot: /$CGROUP_ROOT
fileCheckFrequency: 1s
syncFrequency: 5s
registerNode: true
YAML
  cat > "$DIR/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $KUBECONFIG}
hostnameOverride: $NODE_NAME
clusterCIDR: $CLUSTER_CIDR
mode: iptables
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:$(free_port)
metricsBindAddress: 127.0.0.1:$(free_port)
# leave the machine's conntrack table size alone
conntrack: {maxPerCore: 0}
YAML
}

# CoreDNS answering for the cluster's names (nothing else: the node is offline)
cluster_dns() {
  cat <<'CORE'
errors
kubernetes cluster.local in-addr.arpa ip6.arpa {
  pods insecure
  fallthrough in-addr.arpa ip6.arpa
}
cache 5
CORE
}

coredns_manifest() {
  cat <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: chartsec:coredns}
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: chartsec:coredns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: chartsec:coredns}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  # 53 as everywhere, and 5353 as OpenShift's DNS pods listen (the charts' OpenShift mode allows that port)
  Corefile: |
    (cluster) {
$(cluster_dns | sed 's/^/      /')
    }
    .:53 {
      import cluster
      health :8080
      ready :8181
    }
    .:5353 {
      import cluster
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      dnsPolicy: Default
      containers:
        - name: coredns
          image: $REGISTRY/$DNS_IMAGE
          imagePullPolicy: IfNotPresent
          args: [-conf, /etc/coredns/Corefile]
          ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
          readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 1}
          volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
      volumes: [{name: config, configMap: {name: coredns}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_IP
  selector: {k8s-app: kube-dns}
  ports:
    - {name: dns, port: 53, protocol: UDP}
    - {name: dns-tcp, port: 53, protocol: TCP}
YAML
}

cmd_up() {
  DIR="$1" KUBECONFIG="$2"
  export KUBECONFIG
  CA="$(sed -n 's/^ *certificate-authority: *//p' "$KUBECONFIG" | head -1)"
  cmd_down "$DIR" 2> /dev/null || true
  mkdir -p "$DIR"
  : > "$DIR/pids"
  local began=$SECONDS
  cmd_address > /dev/null
  # pods reach one another and the outside through the node: forwarding on, the previous value kept for down
  cat /proc/sys/net/ipv4/ip_forward > "$DIR/ip_forward.before"
  echo 1 > /proc/sys/net/ipv4/ip_forward
  local registry_port
  registry_port="$(free_port)"
  mkdir -p "$DIR/registry"
  start registry "$NODE_BIN/crane" registry serve --address "127.0.0.1:$registry_port" --disk "$DIR/registry"
  wait_for "the registry" 20 curl -fsS "http://127.0.0.1:$registry_port/v2/"
  push_images "$registry_port"
  write_configs "$registry_port"
  # kubelet's cgroupRoot, in every hierarchy (cgroup v1)
  for hierarchy in /sys/fs/cgroup/*/; do mkdir -p "$hierarchy/$CGROUP_ROOT"; done
  start containerd containerd --config "$DIR/containerd.toml"
  wait_for "containerd" 30 node_ctr version
  start kubelet "$KUBE_BIN/kubelet" --config="$DIR/kubelet.yaml" --kubeconfig="$KUBECONFIG" \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" --root-dir="$DIR/kubelet" --cert-dir="$DIR/kubelet/pki" --v=0
  start kube-scheduler "$KUBE_BIN/kube-scheduler" --kubeconfig="$KUBECONFIG" --authentication-kubeconfig="$KUBECONFIG" \
    --authorization-kubeconfig="$KUBECONFIG" --leader-elect=false --bind-address=127.0.0.1 --secure-port="$(free_port)"
  start kube-proxy "$KUBE_BIN/kube-proxy" --config="$DIR/kube-proxy.yaml"
  # the kernel lacks CONFIG_NFT_QUEUE: kube-network-policies.patch queues through the iptables NFQUEUE target
  start kube-network-policies env KUBECONFIG="$KUBECONFIG" "$NODE_BIN/kube-network-policies" \
    --hostname-override="$NODE_NAME" --disable-nri --netfilter-bug-1766-fix=false \
    --metrics-bind-address="127.0.0.1:$(free_port)" --v=1
  wait_for "the node to be Ready" 90 "$KUBE_BIN/kubectl" wait --for=condition=Ready "node/$NODE_NAME" --timeout=1s
  setup_outside
  coredns_manifest | "$KUBE_BIN/kubectl" apply -f - > /dev/null
  wait_for "CoreDNS to be ready" 90 "$KUBE_BIN/kubectl" -n kube-system wait --for=condition=Available deployment/coredns --timeout=1s
  log "up in $((SECONDS - began)) s: node $NODE_NAME at $NODE_IP, logs in $DIR"
}

# The outside: a network namespace behind a veth pair, reached from the pods through the node's routing (and so
# through the node's NetworkPolicy enforcement, like traffic leaving a real node); the tests serve and probe there.
setup_outside() {
  ip netns add "$OUTSIDE"
  ip link add "$OUTSIDE_LINK" type veth peer name eth0 netns "$OUTSIDE"
  ip addr add "$OUTSIDE_GATEWAY/32" dev "$OUTSIDE_LINK"
  ip link set "$OUTSIDE_LINK" up
  ip route add "$OUTSIDE_PEER/32" dev "$OUTSIDE_LINK"
  ip -n "$OUTSIDE" link set lo up
  ip -n "$OUTSIDE" addr add "$OUTSIDE_PEER/32" dev eth0
  ip -n "$OUTSIDE" link set eth0 up
  ip -n "$OUTSIDE" route add "$OUTSIDE_GATEWAY/32" dev eth0
  ip -n "$OUTSIDE" route add default via "$OUTSIDE_GATEWAY" dev eth0
}

# image DIR NAME:TAG...: the test application under each name (its registry host dropped: one registry mirrors
# them all); prints each one's digest
cmd_image() {
  DIR="$1"; shift
  local registry
  registry="$(node_registry)"
  for ref in "$@"; do "$NODE_BIN/crane" copy --insecure "$registry/testapp:1" "$registry/${ref#*/}" 2>> "$DIR/images.log"; done
  cmd_digest "$DIR" "$@"
}

# containers DIR NAMESPACE: the node's running containers of the pods of that namespace (kubelet removes the
# stopped ones later, by its garbage collection)
cmd_containers() {
  DIR="$1"
  node_ctr containers ls -q "labels.\"io.kubernetes.pod.namespace\"==$2" | sort > "$DIR/containers.$$"
  node_ctr tasks ls | awk 'NR > 1 && $3 == "RUNNING" {print $1}' | sort | comm -12 - "$DIR/containers.$$"
  rm -f "$DIR/containers.$$"
}

# digest DIR REF...: each image's digest in the node's registry
cmd_digest() {
  DIR="$1"; shift
  local registry
  registry="$(node_registry)"
  for ref in "$@"; do "$NODE_BIN/crane" digest --insecure "$registry/${ref#*/}"; done
}

# platform DIR KUBECONFIG openshift|kubernetes: what the charts' OpenShift mode relies on, on or off.
# - DNS: OpenShift's DNS pods run in namespace openshift-dns, labelled dns.operator.openshift.io/daemonset-dns=default,
#   and listen on 5353 (the mode's egress rule allows exactly that): "openshift" starts such a CoreDNS and points the
#   cluster's DNS Service (10.96.0.10:53) at it; "kubernetes" points it back at kube-system's.
# - User IDs: OpenShift's restricted SCC gives every pod without runAsUser one from its namespace's range (the mode
#   leaves runAsUser out for that): a mutating admission policy does the same for pods of every namespace but the
#   node's own, while "openshift" is on.
cmd_platform() {
  DIR="$1" KUBECONFIG="$2"
  export KUBECONFIG
  local kubectl="$KUBE_BIN/kubectl"
  if [ "$3" = openshift ]; then
    openshift_dns_manifest | "$kubectl" apply -f - > /dev/null
    wait_for "OpenShift's DNS to be ready" 90 "$kubectl" -n openshift-dns wait --for=condition=Available deployment/dns-default --timeout=1s
    local ip
    ip="$("$kubectl" -n openshift-dns get pods -l dns.operator.openshift.io/daemonset-dns=default -o jsonpath='{.items[0].status.podIP}')"
    openshift_uid_policy | "$kubectl" apply -f - > /dev/null
    "$kubectl" -n kube-system patch service kube-dns --type=json -p '[{"op": "remove", "path": "/spec/selector"}]' > /dev/null
    "$kubectl" -n kube-system delete endpointslices -l kubernetes.io/service-name=kube-dns --ignore-not-found > /dev/null
    "$kubectl" apply -f - > /dev/null <<YAML
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kube-dns-openshift, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
addressType: IPv4
endpoints: [{addresses: ["$ip"]}]
ports:
  - {name: dns, port: 5353, protocol: UDP}
  - {name: dns-tcp, port: 5353, protocol: TCP}
YAML
  else
    "$kubectl" delete mutatingadmissionpolicybinding openshift-uid --ignore-not-found > /dev/null
    "$kubectl" delete mutatingadmissionpolicy openshift-uid --ignore-not-found > /dev/null
    "$kubectl" -n kube-system delete endpointslice kube-dns-openshift --ignore-not-found > /dev/null
    "$kubectl" -n kube-system patch service kube-dns -p '{"spec": {"selector": {"k8s-app": "kube-dns"}}}' > /dev/null
  fi
}

openshift_uid_policy() {
  cat <<YAML
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicy
metadata: {name: openshift-uid}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  matchConditions:
    - name: no-user-id
      expression: "!has(object.spec.securityContext) || !has(object.spec.securityContext.runAsUser)"
  failurePolicy: Fail
  reinvocationPolicy: Never
  mutations:
    - patchType: ApplyConfiguration
      applyConfiguration:
        expression: "Object{spec: Object.spec{securityContext: Object.spec.securityContext{runAsUser: 1000680000}}}"
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicyBinding
metadata: {name: openshift-uid}
spec:
  policyName: openshift-uid
  matchResources:
    namespaceSelector:
      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]
YAML
}

openshift_dns_manifest() {
  cat <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: openshift-dns}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: dns, namespace: openshift-dns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: chartsec:openshift-dns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: chartsec:coredns}
subjects: [{kind: ServiceAccount, name: dns, namespace: openshift-dns}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: dns-default, namespace: openshift-dns}
data:
  Corefile: |
    .:5353 {
$(cluster_dns | sed 's/^/      /')
      ready :8181
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dns-default, namespace: openshift-dns}
spec:
  replicas: 1
  selector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}
  template:
    metadata: {labels: {dns.operator.openshift.io/daemonset-dns: default}}
    spec:
      serviceAccountName: dns
      dnsPolicy: Default
      securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: dns
          image: $REGISTRY/$DNS_IMAGE
          imagePullPolicy: IfNotPresent
          args: [-conf, /etc/coredns/Corefile]
          readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 1}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
      volumes: [{name: config, configMap: {name: dns-default}}]
YAML
}

cmd_outside() {
  for address in "$@"; do
    ip -n "$OUTSIDE" addr replace "$address/32" dev eth0
    ip route replace "$address/32" via "$OUTSIDE_PEER" dev "$OUTSIDE_LINK" onlink
  done
}

cmd_down() {
  DIR="$1"
  [ -d "$DIR" ] || return 0
  # the processes, kubelet first so that nothing restarts containers, then containers, then containerd
  if [ -f "$DIR/pids" ]; then
    for name in kube-network-policies kube-scheduler kube-proxy kubelet; do
      stop_process "$name"
    done
  fi
  if [ -S "$RUN/containerd.sock" ]; then
    for task in $(node_ctr tasks ls -q 2> /dev/null); do node_ctr tasks kill -s SIGKILL "$task" > /dev/null 2>&1 || true; done
    sleep 0.5
    for task in $(node_ctr tasks ls -q 2> /dev/null); do node_ctr tasks delete -f "$task" > /dev/null 2>&1 || true; done
    for c in $(node_ctr containers ls -q 2> /dev/null); do node_ctr containers delete "$c" > /dev/null 2>&1 || true; done
  fi
  [ -f "$DIR/pids" ] && { stop_process containerd; stop_process registry; }
  # shims that outlived containerd
  pkill -KILL -f "containerd-shim-runc-v2 .* -address $RUN/containerd.sock" 2> /dev/null || true
  # mounts under the node's folders, deepest first
  node_mounts | sort -r | while read -r m; do umount -l "$m" 2> /dev/null || true; done
  # the pods' network namespaces (made by the CNI plugins under /run/netns as cni-*), the outside and the links
  for ns in $(ip netns list 2> /dev/null | awk '/^cni-/ {print $1}') "$OUTSIDE"; do ip netns delete "$ns" 2> /dev/null || true; done
  for link in "$BRIDGE" "$OUTSIDE_LINK"; do ip link delete "$link" 2> /dev/null || true; done
  ip route show | awk -v l="$OUTSIDE_LINK" '$0 ~ "dev " l {print $1}' | while read -r r; do ip route delete "$r" 2> /dev/null || true; done
  # the rules: kube-proxy's own cleanup, kube-network-policies' table, the bridge plugin's masquerading chains
  "$KUBE_BIN/kube-proxy" --cleanup --v=0 > /dev/null 2>&1 || true
  nft delete table inet kube-network-policies 2> /dev/null || true
  remove_chains
  # the pods' cgroups (kubelet's cgroupRoot), deepest first
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -d "$hierarchy/$CGROUP_ROOT" ] && find "$hierarchy/$CGROUP_ROOT" -depth -type d -exec rmdir {} + 2> /dev/null || true
  done
  [ -f "$DIR/ip_forward.before" ] && cat "$DIR/ip_forward.before" > /proc/sys/net/ipv4/ip_forward
  rm -f "$DIR/ip_forward.before" "$DIR/pids"
  rm -rf "$RUN"
}

# leftovers: prints whatever a node left on the machine, one line each (nothing after a clean down)
cmd_leftovers() {
  DIR="$1"
  pgrep -af "$KUBE_BIN/(kubelet|kube-proxy|kube-scheduler)|$NODE_BIN/|$RUN/|$DIR/" | sed 's/^/process: /' || true
  node_mounts | sed 's/^/mount: /'
  ip -o link show | awk -F': ' '$2 ~ /^chartsec-/ { sub(/@.*/, "", $2); print "interface: " $2 }'
  ip netns list 2> /dev/null | awk '$1 ~ /^(cni-|chartsec-)/ { print "network namespace: " $1 }'
  ip route show | awk '/chartsec-/ { print "route: " $0 }'
  nft list tables 2> /dev/null | awk '$3 == "kube-network-policies" { print "nft table: " $2 " " $3 }'
  for table in nat filter mangle; do node_chains "$table" | sed "s/^/iptables chain: $table /"; done
  for hierarchy in /sys/fs/cgroup/*/; do [ -d "$hierarchy/$CGROUP_ROOT" ] && echo "cgroup: $hierarchy$CGROUP_ROOT"; done
  [ -e "$RUN" ] && echo "directory: $RUN"
  return 0
}

# Every node chain (node_chains), with the rules of the built-in chains that jump to them
remove_chains() {
  local table rule chain
  for table in nat filter mangle; do
    { iptables-save -t "$table" | grep -E '^-A [A-Z]+ .*-j (KUBE-|CNI-)' | grep -vE '^-A (KUBE-|CNI-)' || true; } | sed 's/^-A/-D/' |
      while read -r rule; do eval "iptables -t $table $rule" 2> /dev/null || true; done
    # flushed all before any is deleted: they jump to one another
    for chain in $(node_chains "$table"); do iptables -t "$table" -F "$chain" 2> /dev/null || true; done
    for chain in $(node_chains "$table"); do iptables -t "$table" -X "$chain" 2> /dev/null || true; done
  done
}

stop_process() {
  local pid
  pid="$(awk -v n="$1" '$1 == n {print $2}' "$DIR/pids")"
  [ -n "$pid" ] || return 0
  # SIGTERM, then SIGKILL after 5 s (the `env` wrapper execs, so the PID is the process itself)
  kill -TERM "$pid" 2> /dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2> /dev/null || true
}

case "${1:-}" in
  address) cmd_address ;;
  up) shift; cmd_up "$@" ;;
  outside) shift; cmd_outside "$@" ;;
  image) shift; cmd_image "$@" ;;
  serve-outside) shift; exec ip netns exec "$OUTSIDE" "$NODE_BIN/testapp" serve "$@" ;;
  probe-outside) shift; from="$1"; shift; exec ip netns exec "$OUTSIDE" "$NODE_BIN/testapp" probe -from "$from" "$@" ;;
  leftovers) shift; cmd_leftovers "$@" ;;
  containers) shift; cmd_containers "$@" ;;
  digest) shift; cmd_digest "$@" ;;
  platform) shift; cmd_platform "$@" ;;
  down) shift; cmd_down "$@" ;;
  # the usage is the commands of this file's header
  *) sed -n '4,/^#$/{/^#$/d; s/^# \{0,1\}//; p}' "$0" >&2; exit 2 ;;
esac
