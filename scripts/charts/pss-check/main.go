// pss-check reads Kubernetes manifests (the output of `helm template`) from standard input and
// evaluates the pod template of every workload with the upstream Pod Security Admission
// evaluator at the restricted:latest level, the check a namespace labelled
// pod-security.kubernetes.io/enforce=restricted applies on admission. It prints one line per
// workload and exits 1 when any pod would be refused, 2 when the input cannot be read.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

// workload is the pod a manifest creates: its kind/name and the pod template it carries.
type workload struct {
	name string
	meta metav1.ObjectMeta
	spec corev1.PodSpec
}

func main() {
	workloads, err := readWorkloads(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pss-check:", err)
		os.Exit(2)
	}
	if len(workloads) == 0 {
		fmt.Fprintln(os.Stderr, "pss-check: no workload with a pod template in the input")
		os.Exit(2)
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pss-check:", err)
		os.Exit(2)
	}
	level := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}
	violations := 0
	for _, w := range workloads {
		result := policy.AggregateCheckResults(evaluator.EvaluatePod(level, &w.meta, &w.spec))
		if result.Allowed {
			fmt.Printf("ok   %s: restricted:latest\n", w.name)
			continue
		}
		violations++
		fmt.Printf("FAIL %s: violates restricted:latest: %s\n", w.name, result.ForbiddenDetail())
	}
	if violations > 0 {
		fmt.Printf("pss-check: %d of %d workload(s) violate restricted:latest\n", violations, len(workloads))
		os.Exit(1)
	}
	fmt.Printf("pss-check: all %d workload(s) meet restricted:latest\n", len(workloads))
}

// readWorkloads decodes every YAML document and keeps those that create pods.
func readWorkloads(input io.Reader) ([]workload, error) {
	decoder := utilyaml.NewYAMLReader(bufio.NewReader(input))
	var workloads []workload
	for {
		document, err := decoder.Read()
		if errors.Is(err, io.EOF) {
			return workloads, nil
		}
		if err != nil {
			return nil, err
		}
		var header metav1.TypeMeta
		if err := yaml.Unmarshal(document, &header); err != nil {
			return nil, err
		}
		w, ok, err := podOf(header.Kind, document)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", header.Kind, err)
		}
		if ok {
			workloads = append(workloads, w)
		}
	}
}

// podOf returns the pod template of the kinds that create pods; ok is false for other kinds.
func podOf(kind string, document []byte) (w workload, ok bool, err error) {
	named := func(meta metav1.ObjectMeta, template corev1.PodTemplateSpec) workload {
		return workload{name: kind + "/" + meta.Name, meta: template.ObjectMeta, spec: template.Spec}
	}
	strict := func(into any) error { return yaml.UnmarshalStrict(document, into) }
	switch kind {
	case "Pod":
		var o corev1.Pod
		err = strict(&o)
		w = workload{name: kind + "/" + o.Name, meta: o.ObjectMeta, spec: o.Spec}
	case "Deployment":
		var o appsv1.Deployment
		err = strict(&o)
		w = named(o.ObjectMeta, o.Spec.Template)
	case "StatefulSet":
		var o appsv1.StatefulSet
		err = strict(&o)
		w = named(o.ObjectMeta, o.Spec.Template)
	case "DaemonSet":
		var o appsv1.DaemonSet
		err = strict(&o)
		w = named(o.ObjectMeta, o.Spec.Template)
	case "ReplicaSet":
		var o appsv1.ReplicaSet
		err = strict(&o)
		w = named(o.ObjectMeta, o.Spec.Template)
	case "Job":
		var o batchv1.Job
		err = strict(&o)
		w = named(o.ObjectMeta, o.Spec.Template)
	case "CronJob":
		var o batchv1.CronJob
		err = strict(&o)
		w = named(o.ObjectMeta, o.Spec.JobTemplate.Spec.Template)
	default:
		return workload{}, false, nil
	}
	return w, err == nil, err
}
