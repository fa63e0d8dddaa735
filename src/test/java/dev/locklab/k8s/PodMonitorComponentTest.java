package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The optional PodMonitor component (clusters running the Prometheus Operator), added to the locked
 * overlay as the docs tell users to. No typed model of the Operator's CRDs is on the classpath, so the
 * fields used are checked against the CRD's field names here.
 */
class PodMonitorComponentTest {

    /** Fields of PodMonitor spec / podMetricsEndpoints / relabelings that this project uses or may use. */
    private static final Set<String> SPEC = Set.of("selector", "podMetricsEndpoints", "namespaceSelector",
            "jobLabel", "podTargetLabels", "sampleLimit");
    private static final Set<String> ENDPOINT = Set.of("port", "portNumber", "path", "interval", "scrapeTimeout",
            "scheme", "honorLabels", "relabelings", "metricRelabelings");
    private static final Set<String> RELABEL = Set.of("sourceLabels", "targetLabel", "regex", "replacement",
            "action", "separator", "modulus");

    @TempDir
    Path tmp;

    @Test
    void addedToAnOverlayThePodMonitorSelectsTheLabPodsByTheirMetricsPort() {
        StagedRepo staged = StagedRepo.stage(tmp, true);
        staged.write("k8s/overlays/with-operator/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                - ../locked
                components:
                - ../../components/podmonitor
                """);
        Rendered r = staged.render("overlays/with-operator");

        JsonNode monitor = r.docs().stream().filter(d -> d.apiVersionKind().equals("monitoring.coreos.com/v1/PodMonitor"))
                .findFirst().orElseThrow().tree();
        JsonNode spec = monitor.path("spec");
        assertThat(spec.propertyNames()).isSubsetOf(SPEC);
        Map<String, String> selector = StrictYaml.MAPPER.convertValue(spec.path("selector").path("matchLabels"),
                StrictYaml.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        assertThat(spec.path("selector").propertyNames()).containsExactly("matchLabels");

        List<Rendered.Pod> selected = r.pods().stream()
                .filter(p -> p.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        assertThat(selected).extracting(Rendered.Pod::describe)
                .containsExactlyInAnyOrder("Job/locklab-coordinator", "Job/locklab-workers");

        for (JsonNode endpoint : spec.path("podMetricsEndpoints")) {
            assertThat(endpoint.propertyNames()).isSubsetOf(ENDPOINT);
            endpoint.path("relabelings").forEach(rl -> assertThat(rl.propertyNames()).isSubsetOf(RELABEL));
            for (Rendered.Pod pod : selected) {
                assertThat(pod.template().getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getName)
                        .as("%s has the port named %s", pod.describe(), endpoint.path("port").asString()).contains(endpoint.path("port").asString());
            }
            assertThat(endpoint.path("path").asString()).isEqualTo("/metrics");
        }
    }
}
