// Command kind-config-check decodes a kind cluster configuration strictly into kind's own
// v1alpha4 types, so an unknown or misspelt field fails here instead of being ignored, and
// checks the shape `npm run cluster:up` relies on.
package main

import (
	"fmt"
	"os"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kind-config-check <kind-config.yaml>")
		os.Exit(2)
	}
	if err := check(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	fmt.Printf("%s: valid kind.x-k8s.io/v1alpha4 Cluster (1 control plane, 2 workers, 80/443 on the ingress node)\n", os.Args[1])
}

func check(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var cluster v1alpha4.Cluster
	if err := yaml.UnmarshalStrict(raw, &cluster); err != nil {
		return err
	}
	if cluster.Kind != "Cluster" || cluster.APIVersion != "kind.x-k8s.io/v1alpha4" {
		return fmt.Errorf("kind/apiVersion is %q/%q, want Cluster/kind.x-k8s.io/v1alpha4", cluster.Kind, cluster.APIVersion)
	}
	roles := map[v1alpha4.NodeRole]int{}
	var ingressNode *v1alpha4.Node
	for i := range cluster.Nodes {
		node := &cluster.Nodes[i]
		roles[node.Role]++
		if node.Labels["ingress-ready"] == "true" {
			ingressNode = node
		}
	}
	if roles[v1alpha4.ControlPlaneRole] != 1 || roles[v1alpha4.WorkerRole] != 2 {
		return fmt.Errorf("want 1 control-plane and 2 worker nodes, got %v", roles)
	}
	if ingressNode == nil {
		return fmt.Errorf("no node is labelled ingress-ready=true for the ingress controller")
	}
	mapped := map[int32]bool{}
	for _, mapping := range ingressNode.ExtraPortMappings {
		mapped[mapping.HostPort] = true
	}
	if !mapped[80] || !mapped[443] {
		return fmt.Errorf("the ingress-ready node must map host ports 80 and 443, maps %v", ingressNode.ExtraPortMappings)
	}
	return nil
}
