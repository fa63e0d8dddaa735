package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wiring that holds in every overlay: references resolve inside the rendered set (kustomize's hash
 * suffixes included), {@code $(VAR)} references expand, Services reach their pods, and the lab's
 * containers get the environment the CLI reads.
 */
class WiringTest {

    /** Kubernetes expands $(VAR) from variables defined earlier in the same container; $$ escapes. */
    private static final Pattern VAR_REF = Pattern.compile("(?<!\\$)\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyVariableReferenceExpandsFromAnEarlierEnvVar(String overlay) {
        for (Rendered.Pod pod : StagedRepo.shared(overlay).pods()) {
            for (Container c : pod.allContainers()) {
                Set<String> defined = new HashSet<>();
                for (EnvVar e : nullSafe(c.getEnv())) {
                    assertRefs(overlay, pod, c, "env " + e.getName(), e.getValue(), defined);
                    defined.add(e.getName());
                }
                for (String arg : Stream.concat(nullSafe(c.getCommand()).stream(), nullSafe(c.getArgs()).stream()).toList()) {
                    assertRefs(overlay, pod, c, "argument", arg, defined);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everySecretAndConfigMapReferenceResolvesToAnObjectAndKey(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        for (Rendered.Pod pod : rendered.pods()) {
            for (Container c : pod.allContainers()) {
                for (EnvVar e : nullSafe(c.getEnv())) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        Secret secret = rendered.one(Secret.class, ref.getName());
                        assertThat(secret.getData()).as("%s %s env %s: key %s", overlay, pod.describe(),
                                e.getName(), ref.getKey()).containsKey(ref.getKey());
                    }
                }
            }
            for (Volume v : nullSafe(pod.template().getSpec().getVolumes())) {
                if (v.getConfigMap() != null) {
                    assertThat(rendered.one(ConfigMap.class, v.getConfigMap().getName()).getData())
                            .as("%s %s volume %s", overlay, pod.describe(), v.getName()).isNotEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyServiceSelectsExactlyOneWorkloadAndTargetsANamedContainerPort(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        for (Service service : rendered.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Rendered.Pod> selected = rendered.pods().stream()
                    .filter(p -> p.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("%s Service %s selects one workload", overlay, service.getMetadata().getName()).hasSize(1);
            List<String> portNames = selected.get(0).template().getSpec().getContainers().stream()
                    .flatMap(c -> nullSafe(c.getPorts()).stream()).map(ContainerPort::getName).toList();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(port.getTargetPort().getStrVal()).as("%s Service %s port %s targets a named port",
                        overlay, service.getMetadata().getName(), port.getName()).isIn(portNames);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void theLabContainersGetWhatTheCliReads(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);
        List<Rendered.Pod> lab = rendered.pods().stream()
                .filter(p -> "locklab".equals(p.template().getMetadata().getLabels().get("app.kubernetes.io/name")))
                .toList();
        assertThat(lab).as("%s: a coordinator and workers", overlay).hasSize(2);
        for (Rendered.Pod pod : lab) {
            Container c = pod.template().getSpec().getContainers().get(0);
            String role = pod.template().getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(c.getImage()).isEqualTo("locklab/locklab:0.1.0");
            assertThat(c.getArgs().get(0)).as("%s %s: the CLI command", overlay, pod.describe()).isEqualTo(role);
            List<String> names = nullSafe(c.getEnv()).stream().map(EnvVar::getName).toList();
            assertThat(names).contains("LOCKLAB_REDIS_URL", "LOCKLAB_METRICS_PORT");
            assertThat(names).contains(role.equals("worker") ? "LOCKLAB_WORKER_NAME" : "LOCKLAB_WORKERS");

            // LOCKLAB_REDIS_URL = redis://:$(PASSWORD VAR)@<Service>:<its port>, the var from the Secret
            Matcher url = Pattern.compile("redis://:\\$\\((\\w+)\\)@([a-z0-9-]+):(\\d+)")
                    .matcher(Rendered.envValue(c, "LOCKLAB_REDIS_URL"));
            assertThat(url.matches()).as("%s %s: LOCKLAB_REDIS_URL shape", overlay, pod.describe()).isTrue();
            assertThat(Rendered.env(c, url.group(1)).orElseThrow().getValueFrom().getSecretKeyRef()).isNotNull();
            Service redis = rendered.one(Service.class, url.group(2));
            assertThat(redis.getSpec().getPorts()).extracting(ServicePort::getPort)
                    .contains(Integer.parseInt(url.group(3)));

            // metrics: env port = the container port named "metrics" = the scrape annotation
            String metricsPort = Rendered.envValue(c, "LOCKLAB_METRICS_PORT");
            assertThat(c.getPorts()).filteredOn(p -> "metrics".equals(p.getName())).extracting(ContainerPort::getContainerPort)
                    .containsExactly(Integer.parseInt(metricsPort));
            assertThat(pod.template().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", metricsPort).containsEntry("prometheus.io/path", "/metrics");
        }
    }

    private static void assertRefs(String overlay, Rendered.Pod pod, Container c, String where, String text,
            Set<String> defined) {
        if (text == null) {
            return;
        }
        Matcher m = VAR_REF.matcher(text);
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (!defined.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertThat(missing).as("%s %s container %s %s \"%s\": $(VAR) not defined earlier (Kubernetes would"
                + " pass it through unexpanded)", overlay, pod.describe(), c.getName(), where, text).isEmpty();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
