// pss-oracle: the upstream Pod Security evaluator (k8s.io/pod-security-admission) as a referee for
// chartsec's own engine. It reads one request per line on stdin and answers one line on stdout.
//
// Request:  {"yaml": "<a Pod manifest>", "evaluations": [{"level": "restricted", "version": "v1.35"}, ...]}
// Answer:   {"invalid": "<why the pod cannot be decoded>"} or {"failed": [["checkId", ...], ...]}, one list of
//           failing check ids per evaluation, in the evaluator's own order.
//
// The manifest is read the way the API server reads a YAML body: sigs.k8s.io/yaml turns it into JSON
// (YAML 1.1 scalars: y/on are true, 0o10 is 8) and the JSON is decoded case-sensitively into a typed Pod.
// CheckResult carries no check id, so every registered check function is wrapped to report its own id;
// the evaluator still decides which checks apply at a level and version, overrides included.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

type evaluation struct {
	Level   string `json:"level"`
	Version string `json:"version"`
}

type request struct {
	YAML        string       `json:"yaml"`
	Evaluations []evaluation `json:"evaluations"`
}

type answer struct {
	Invalid string     `json:"invalid,omitempty"`
	Failed  [][]string `json:"failed,omitempty"`
}

const idSeparator = "\x00"

func labelled(checks []policy.Check) []policy.Check {
	for i := range checks {
		id := string(checks[i].ID)
		for j := range checks[i].Versions {
			fn := checks[i].Versions[j].CheckPod
			checks[i].Versions[j].CheckPod = func(m *metav1.ObjectMeta, s *corev1.PodSpec) policy.CheckResult {
				r := fn(m, s)
				r.ForbiddenReason = id + idSeparator + r.ForbiddenReason
				return r
			}
		}
	}
	return checks
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--checks" {
		// The registry as upstream declares it: id, level and the versions at which each rule changes.
		for _, c := range policy.DefaultChecks() {
			versions := []string{}
			for _, v := range c.Versions {
				versions = append(versions, v.MinimumVersion.String())
			}
			line, _ := json.Marshal(map[string]any{"id": c.ID, "level": c.Level, "versions": versions})
			fmt.Println(string(line))
		}
		return
	}
	evaluator, err := policy.NewEvaluator(labelled(policy.DefaultChecks()), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "bad request:", err)
			os.Exit(2)
		}
		line, _ := json.Marshal(evaluate(evaluator, req))
		out.Write(line)
		out.WriteByte('\n')
		out.Flush()
	}
}

func evaluate(evaluator policy.Evaluator, req request) answer {
	data, err := yaml.YAMLToJSON([]byte(req.YAML))
	if err != nil {
		return answer{Invalid: err.Error()}
	}
	var pod corev1.Pod
	if err := kjson.UnmarshalCaseSensitivePreserveInts(data, &pod); err != nil {
		return answer{Invalid: err.Error()}
	}
	applyDefaults(&pod)
	failed := make([][]string, 0, len(req.Evaluations))
	for _, e := range req.Evaluations {
		level, err := api.ParseLevel(e.Level)
		if err != nil {
			return answer{Invalid: err.Error()}
		}
		version, err := api.ParseVersion(e.Version)
		if err != nil {
			return answer{Invalid: err.Error()}
		}
		ids := []string{}
		for _, r := range evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, &pod.ObjectMeta, &pod.Spec) {
			if !r.Allowed {
				id := r.ForbiddenReason
				for k := 0; k < len(id); k++ {
					if id[k] == 0 {
						id = id[:k]
						break
					}
				}
				ids = append(ids, id)
			}
		}
		failed = append(failed, ids)
	}
	return answer{Failed: failed}
}

// applyDefaults fills in the two defaults of the API server that change what the Pod Security checks read,
// as k8s.io/kubernetes pkg/apis/core/v1/defaults.go does before admission (that package cannot be imported
// from a plain module): SetDefaults_Volume makes a volume with no source an emptyDir, and SetDefaults_Pod
// gives every container and init container port of a host-network pod its container port as hostPort.
func applyDefaults(pod *corev1.Pod) {
	for i := range pod.Spec.Volumes {
		if pod.Spec.Volumes[i].VolumeSource == (corev1.VolumeSource{}) {
			pod.Spec.Volumes[i].VolumeSource = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
		}
	}
	if pod.Spec.HostNetwork {
		for _, containers := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
			for i := range containers {
				for j := range containers[i].Ports {
					if containers[i].Ports[j].HostPort == 0 {
						containers[i].Ports[j].HostPort = containers[i].Ports[j].ContainerPort
					}
				}
			}
		}
	}
}
