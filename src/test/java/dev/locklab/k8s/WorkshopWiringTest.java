package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The workshop overlay: rounds forever, and Prometheus + Grafana fed from the project's own prometheus/
 * and grafana/ files through generated ConfigMaps (the ConfigMaps must equal those files, and hold all
 * of them, so a dashboard added to grafana/ but not to its kustomization fails here). The ConfigMaps
 * come from the small kustomizations in grafana/ and prometheus/, included as resources, so the overlay
 * renders with kustomize's default load restrictor ({@code kubectl apply -k} works). Grafana's admin
 * password is a Secret of its own.
 */
class WorkshopWiringTest {

    private static final String OVERLAY = "overlays/workshop";

    @TempDir
    Path tmp;

    @Test
    void theCoordinatorWaitsForAsManyWorkersAsTheDeploymentRuns() {
        Rendered r = StagedRepo.shared(OVERLAY);
        Deployment workers = r.one(Deployment.class, "locklab-worker");
        Deployment coordinator = r.one(Deployment.class, "locklab-coordinator");
        Container c = Rendered.main(coordinator);

        assertThat(Integer.parseInt(Rendered.envValue(c, "LOCKLAB_WORKERS"))).isEqualTo(workers.getSpec().getReplicas());
        assertThat(c.getArgs()).contains("coordinator", "--forever", "--scenarios=racy-drain,locked-drain",
                "--workers=$(LOCKLAB_WORKERS)");
        assertThat(coordinator.getSpec().getReplicas()).as("one coordinator announces the rounds").isEqualTo(1);
        assertThat(coordinator.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Container w = Rendered.main(workers);
        assertThat(w.getArgs()).containsExactly("worker", "--follow");
        assertThat(Rendered.env(w, "LOCKLAB_WORKER_NAME").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
    }

    @Test
    void prometheusRunsTheProjectsKubernetesConfigAndMayListPods() throws IOException {
        Rendered r = StagedRepo.shared(OVERLAY);
        PodSpec pod = r.one(Deployment.class, "prometheus").getSpec().getTemplate().getSpec();
        ConfigMap config = r.one(ConfigMap.class, mountedConfigMap(pod, "/etc/prometheus"));

        String yaml = config.getData().get("prometheus.yml");
        assertThat(yaml).isEqualTo(read(Requirements.require("prometheus/prometheus-k8s.yml", "workshop config")));
        assertThat(Rendered.main(r.one(Deployment.class, "prometheus")).getArgs())
                .contains("--config.file=/etc/prometheus/prometheus.yml");

        JsonNode prometheus = StrictYaml.MAPPER.readTree(yaml);
        boolean podDiscovery = prometheus.path("scrape_configs").valueStream()
                .flatMap(job -> job.path("kubernetes_sd_configs").valueStream())
                .anyMatch(sd -> "pod".equals(sd.path("role").asString("")));
        if (podDiscovery) {
            RoleBinding binding = r.all(RoleBinding.class).stream()
                    .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(pod.getServiceAccountName())))
                    .findFirst().orElseThrow(() -> new AssertionError("no RoleBinding for Prometheus"));
            Role role = r.one(Role.class, binding.getRoleRef().getName());
            assertThat(role.getRules()).anySatisfy(rule -> {
                assertThat(rule.getResources()).contains("pods");
                assertThat(rule.getVerbs()).contains("get", "list", "watch");
            });
        }
    }

    @Test
    void prometheusKeepsExactlyTheLabPods() throws IOException {
        Rendered r = StagedRepo.shared(OVERLAY);
        String yaml = read(Requirements.require("prometheus/prometheus-k8s.yml", "workshop config"));
        PodScrapeRules rules = PodScrapeRules.of(StrictYaml.MAPPER.readTree(yaml));
        for (Rendered.Pod pod : r.pods()) {
            String component = pod.template().getMetadata().getLabels().get("app.kubernetes.io/component");
            boolean lab = List.of("coordinator", "worker").contains(component);
            assertThat(rules.keeps(pod.template().getMetadata())).as("Prometheus scrapes %s", pod.describe())
                    .isEqualTo(lab);
        }
    }

    @Test
    void grafanaGetsEveryProvisioningFileAndDashboardUnchanged() throws IOException {
        Rendered r = StagedRepo.shared(OVERLAY);
        PodSpec pod = r.one(Deployment.class, "grafana").getSpec().getTemplate().getSpec();
        Path grafana = Requirements.require("grafana", "workshop dashboards");

        assertConfigMapHoldsExactly(r, pod, "/etc/grafana/provisioning/datasources", grafana.resolve("provisioning/datasources"));
        assertConfigMapHoldsExactly(r, pod, "/etc/grafana/provisioning/dashboards", grafana.resolve("provisioning/dashboards"));
        // the provider file says where the dashboards are; they must be mounted exactly there
        for (String provider : r.one(ConfigMap.class, mountedConfigMap(pod, "/etc/grafana/provisioning/dashboards"))
                .getData().values()) {
            for (JsonNode p : StrictYaml.MAPPER.readTree(provider).path("providers")) {
                String path = p.path("options").path("path").asString("");
                assertConfigMapHoldsExactly(r, pod, path, grafana.resolve("dashboards"));
            }
        }
    }

    @Test
    void grafanasDatasourceReachesThePrometheusService() throws IOException {
        Rendered r = StagedRepo.shared(OVERLAY);
        PodSpec pod = r.one(Deployment.class, "grafana").getSpec().getTemplate().getSpec();
        for (String file : r.one(ConfigMap.class, mountedConfigMap(pod, "/etc/grafana/provisioning/datasources"))
                .getData().values()) {
            for (JsonNode ds : StrictYaml.MAPPER.readTree(file).path("datasources")) {
                URI url = URI.create(ds.path("url").asString(""));
                Service service = r.one(Service.class, url.getHost());
                assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).contains(url.getPort());
            }
        }
    }

    @Test
    void theConfigMapsComeFromTheKustomizationsInGrafanaAndPrometheusNotFromFilesOutsideTheOverlay() throws IOException {
        JsonNode overlay = StrictYaml.MAPPER.readTree(read(StagedRepo.repo().resolve("k8s/overlays/workshop/kustomization.yaml")));
        assertThat(overlay.path("resources").valueStream().map(n -> n.asString()).toList())
                .contains("../../../grafana", "../../../prometheus");
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode g : overlay.path(generator)) {
                for (String list : List.of("files", "envs")) {
                    g.path(list).forEach(f -> assertThat(f.asString()).as("%s %s: a file inside the overlay", generator,
                            g.path("name").asString()).doesNotContain(".."));
                }
            }
        }
        // each included directory only generates ConfigMaps from its own files
        StagedRepo staged = StagedRepo.stage(tmp.resolve("dirs"), true);
        Rendered r = StagedRepo.shared(OVERLAY);
        for (String dir : List.of("grafana", "prometheus")) {
            Rendered own = staged.renderRoot(dir);
            assertThat(own.docs()).as("%s/kustomization.yaml renders ConfigMaps only", dir).isNotEmpty()
                    .allMatch(d -> d.apiVersionKind().equals("v1/ConfigMap"));
            for (ConfigMap cm : own.all(ConfigMap.class)) {
                assertThat(cm.getMetadata().getName()).as("hashed name").matches("[a-z-]+-[a-z0-9]{10}");
                // the workshop renders the same ConfigMap (same hash) and its Deployments mount it by that name
                ConfigMap inWorkshop = r.one(ConfigMap.class, cm.getMetadata().getName());
                assertThat(inWorkshop.getData()).isEqualTo(cm.getData());
                assertThat(r.pods()).as("a workshop pod mounts %s", cm.getMetadata().getName()).anySatisfy(p ->
                        assertThat(p.template().getSpec().getVolumes()).anySatisfy(v ->
                                assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                                        .isEqualTo(cm.getMetadata().getName())));
            }
        }
    }

    @Test
    void grafanasAdminPasswordIsASecretOfItsOwnNotTheRedisPassword() {
        Rendered r = StagedRepo.shared(OVERLAY);
        Container grafana = Rendered.main(r.one(Deployment.class, "grafana"));
        var ref = Rendered.env(grafana, "GF_SECURITY_ADMIN_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef();
        Secret admin = r.one(Secret.class, ref.getName());
        Secret redis = r.all(Secret.class).stream().filter(s -> s.getMetadata().getName().startsWith("redis-auth-"))
                .findFirst().orElseThrow();

        assertThat(ref.getName()).startsWith("grafana-admin-").isNotEqualTo(redis.getMetadata().getName());
        String password = new String(Base64.getDecoder().decode(admin.getData().get(ref.getKey())), StandardCharsets.UTF_8);
        assertThat(password).isEqualTo(StagedRepo.GRAFANA_ADMIN_PASSWORD).isNotEqualTo(StagedRepo.PASSWORD);
        for (Rendered.Pod pod : r.pods()) {
            for (Container c : pod.allContainers()) {
                for (var e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                            && e.getValueFrom().getSecretKeyRef().getName().equals(admin.getMetadata().getName())) {
                        assertThat(pod.describe()).as("only Grafana reads its admin password").isEqualTo("Deployment/grafana");
                    }
                }
            }
        }
    }

    @Test
    void withoutGrafanasPasswordFileTheWorkshopDoesNotRender() throws IOException {
        StagedRepo staged = StagedRepo.stage(tmp.resolve("no-grafana-password"), true);
        java.nio.file.Files.delete(staged.path("k8s/overlays/workshop/grafana-admin.env"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> staged.render(OVERLAY))
                .isInstanceOf(Kubectl.KustomizeException.class).hasMessageContaining("grafana-admin.env");
    }

    @Test
    void everyConfigMapFitsKubectlApplysAnnotationLimit() {
        for (ConfigMap cm : StagedRepo.shared(OVERLAY).all(ConfigMap.class)) {
            int bytes = cm.getData().values().stream().mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).sum();
            assertThat(bytes).as("ConfigMap %s (client-side apply keeps a copy in a 256 KiB annotation)",
                    cm.getMetadata().getName()).isLessThan(200 * 1024);
        }
    }

    private static void assertConfigMapHoldsExactly(Rendered r, PodSpec pod, String mountPath, Path dir) throws IOException {
        Map<String, String> data = r.one(ConfigMap.class, mountedConfigMap(pod, mountPath)).getData();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> expected = files.filter(Files::isRegularFile).toList();
            assertThat(data.keySet()).as("ConfigMap at %s holds every file of %s", mountPath, dir)
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(f -> f.getFileName().toString()).toList());
            for (Path file : expected) {
                assertThat(data.get(file.getFileName().toString())).as("%s unchanged", file).isEqualTo(read(file));
            }
        }
    }

    /** The ConfigMap mounted at {@code mountPath} in the pod's first container. */
    private static String mountedConfigMap(PodSpec pod, String mountPath) {
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getConfigMap()).as("volume %s is a ConfigMap", volume.getName()).isNotNull();
        return volume.getConfigMap().getName();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
