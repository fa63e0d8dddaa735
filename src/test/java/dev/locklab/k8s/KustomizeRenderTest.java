package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every overlay renders with {@code kubectl kustomize} and parses strictly into typed models. */
class KustomizeRenderTest {

    @TempDir
    Path tmp;

    @Test
    void theExpectedOverlaysExist() {
        assertThat(Overlays.all()).contains("overlays/locked", "overlays/racy", "overlays/workshop",
                "examples/scale-workers");
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#allOverlays")
    void everyOverlayRendersIntoTypedObjects(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);

        assertThat(rendered.docs()).as("%s renders objects", overlay).isNotEmpty();
        assertThat(rendered.find("Service", "redis")).as("%s has the redis Service", overlay).isPresent();
        assertThat(rendered.find("Deployment", "redis")).as("%s has the redis Deployment", overlay).isPresent();
        assertThat(rendered.all(Secret.class)).as("%s has exactly one (generated) Redis Secret", overlay)
                .filteredOn(s -> s.getMetadata().getName().startsWith("redis-auth-")).hasSize(1);
        assertThat(rendered.all(Secret.class)).as("%s: every Secret is generated (content-hash suffix)", overlay)
                .allMatch(s -> s.getMetadata().getName().matches("[a-z-]+-[a-z0-9]{10}"));
    }

    @ParameterizedTest
    @MethodSource("dev.locklab.k8s.Overlays#jobRuns")
    void aJobRunIsTwoJobsAndNoOtherWorkloadThanRedis(String overlay) {
        Rendered rendered = StagedRepo.shared(overlay);

        assertThat(rendered.all(Job.class)).extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("locklab-coordinator", "locklab-workers");
        assertThat(rendered.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactly("redis");
    }

    @Test
    void theSecretIsGeneratedFromTheGitIgnoredPasswordFile() throws Exception {
        Secret secret = StagedRepo.shared("overlays/locked").all(Secret.class).get(0);
        assertThat(StagedRepo.shared("overlays/locked").all(Secret.class)).hasSize(1);

        assertThat(secret.getMetadata().getName()).as("kustomize's content-hash suffix").matches("redis-auth-[a-z0-9]{10}");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo(StagedRepo.PASSWORD);
        assertThat(Files.readString(StagedRepo.repo().resolve("k8s/.gitignore"))).contains("base/redis-password.env")
                .contains("overlays/workshop/grafana-admin.env");
    }

    @Test
    void noPasswordIsCommittedUnderK8s() throws Exception {
        try (Stream<Path> files = Files.walk(StagedRepo.repo().resolve("k8s"))) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !List.of("redis-password.env", "grafana-admin.env").contains(f.getFileName().toString()))
                    .toList()) {
                assertThat(Files.readString(file)).as("%s holds no Secret manifest", file)
                        .doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$")
                        .doesNotContain(StagedRepo.PASSWORD).doesNotContain(StagedRepo.GRAFANA_ADMIN_PASSWORD);
            }
        }
    }

    @Test
    void withoutThePasswordFileRenderingFailsInsteadOfUsingADefault() {
        StagedRepo staged = StagedRepo.stage(tmp, false);

        assertThatThrownBy(() -> staged.render("overlays/locked"))
                .isInstanceOf(Kubectl.KustomizeException.class)
                .hasMessageContaining("redis-password.env");
    }

    @Test
    void aMisspelledFieldRendersWithKustomizeButFailsTypedParsing() {
        StagedRepo staged = StagedRepo.stage(tmp, true);
        Path workers = staged.path("k8s/components/job-run/workers-job.yaml");
        staged.write("k8s/components/job-run/workers-job.yaml", read(workers)
                .replace("readOnlyRootFilesystem: true", "readOnlyRootFilesytem: true"));

        // kustomize does not know the schema: the typo passes through (and a cluster might drop it) ...
        String yaml = Kubectl.kustomize(staged.path("k8s/overlays/locked"));
        assertThat(yaml).contains("readOnlyRootFilesytem: true");
        // ... the typed, strict parse is what catches it
        assertThatThrownBy(() -> StrictYaml.parse(yaml))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("readOnlyRootFilesytem");
    }

    @Test
    void aMisspelledTopLevelSpecFieldFailsToo() {
        assertThatThrownBy(() -> StrictYaml.parse("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: x}
                spec:
                  completionMod: Indexed
                  template: {spec: {containers: [{name: c, image: "x:1"}]}}
                """)).isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("completionMod");
    }

    @Test
    void anUnknownKindIsRejected() {
        assertThatThrownBy(() -> StrictYaml.parse("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: x}
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apps/v1/Deploymnet");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
