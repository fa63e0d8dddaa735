package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The pods of the rendered {@code overlays/locked} run under {@code podman kube play} on a network of
 * their own and finish a locked round VALID: the images, the security settings (uid 10001, read-only
 * root, no capabilities, no-new-privileges), the init containers, the Redis password wiring, the worker
 * names from the completion index and the CLI's {@code coordinator}/{@code worker --once} contract.
 *
 * <p>What stands in for Kubernetes: the Job controller (one Pod per completion index, with its
 * annotation), the Service (a network alias with the Service's name on the Redis pod) and the kubelet's
 * env resolution ({@link KubeletEmulation}). Scheduling, Job status and deadlines are not exercised.
 * Needs podman and the images {@code locklab/locklab:0.1.0} and {@code docker.io/library/redis:7.4.6}
 * (.ci/containers.sh builds them); without them it is skipped, or fails in CI.
 */
class KubePlayIT {

    private static final long PLAY_TIMEOUT_S = 120;
    /** Longer than the coordinator's --join-timeout (300 s), so a missing worker ends in its own report. */
    private static final long RUN_TIMEOUT_S = 360;

    @TempDir
    Path tmp;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String network = "locklab-k8s-it-" + suffix;
    private final List<String> pods = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();
    private final Path logs = StagedRepo.repo().resolve("target/k8s-kube-play/" + suffix);

    @Test
    void theRenderedLockedRunFinishesValidUnderPodmanKubePlay() throws Exception {
        requirePodmanAndImages();
        Rendered rendered = StagedRepo.stage(tmp.resolve("repo"), true).render("overlays/locked");
        JsonNode secret = doc(rendered, "v1/Secret", null);
        JsonNode workersJob = doc(rendered, "batch/v1/Job", "locklab-workers");
        int workers = workersJob.path("spec").path("completions").asInt();

        Podman.ok(30, "network", "create", network);
        // Services are not played: the Redis pod answers to the Service's name through a network alias
        play(KubeletEmulation.pod("redis-" + suffix, doc(rendered, "apps/v1/Deployment", "redis").path("spec")
                .path("template"), Map.of(), secret), network + ":alias=redis");
        for (int i = 0; i < workers; i++) {
            play(KubeletEmulation.pod("locklab-workers-" + i + "-" + suffix, workersJob.path("spec").path("template"),
                    Map.of("batch.kubernetes.io/job-completion-index", Integer.toString(i)), secret), network);
        }
        String coordinatorPod = "locklab-coordinator-" + suffix;
        play(KubeletEmulation.pod(coordinatorPod, doc(rendered, "batch/v1/Job", "locklab-coordinator").path("spec")
                .path("template"), Map.of(), secret), network);

        String coordinator = coordinatorPod + "-coordinator";
        int exit = awaitExit(coordinator);
        String log = Podman.run(30, "logs", coordinator).out();
        assertThat(exit).as("coordinator exit code (the verdict); every pod's log is in %s; the coordinator's:\n%s",
                logs, log).isZero();
        assertThat(log).contains("verdict VALID").contains("workers " + workers + "/" + workers);
        for (int i = 0; i < workers; i++) {
            assertThat(log).as("the report names worker-%d (from its completion index)", i).contains("worker-" + i + " ");
            assertThat(awaitExit("locklab-workers-" + i + "-" + suffix + "-worker")).as("worker %d exit", i).isZero();
        }
        String user = Podman.ok(30, "inspect", coordinator, "--format",
                "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.EffectiveCaps}}").out().strip();
        assertThat(user).isEqualTo("10001:10001 true []");
    }

    @AfterEach
    void keepLogsThenRemoveWhatThisTestCreated() throws java.io.IOException {
        Files.createDirectories(logs);
        for (String c : containers) {
            Files.writeString(logs.resolve(c + ".log"), Podman.run(30, "logs", c).out());
        }
        for (String pod : pods) {
            Podman.run(60, "pod", "rm", "-f", pod);
        }
        Podman.run(30, "network", "rm", "-f", network);
    }

    private void play(JsonNode pod, String networkOption) throws Exception {
        String name = pod.path("metadata").path("name").asString();
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, StrictYaml.MAPPER.writeValueAsString(pod));
        pods.add(name);
        pod.path("spec").path("containers").forEach(c -> containers.add(name + "-" + c.path("name").asString()));
        Podman.ok(PLAY_TIMEOUT_S, "kube", "play", "--network", networkOption, file.toString());
    }

    private static int awaitExit(String container) throws InterruptedException {
        long end = System.nanoTime() + RUN_TIMEOUT_S * 1_000_000_000L;
        while (System.nanoTime() < end) {
            String state = Podman.ok(30, "inspect", container, "--format", "{{.State.Status}} {{.State.ExitCode}}")
                    .out().strip();
            if (state.startsWith("exited ")) {
                return Integer.parseInt(state.substring("exited ".length()));
            }
            Thread.sleep(500);
        }
        throw new AssertionError(container + " still running after " + RUN_TIMEOUT_S + " s (logs: target/k8s-kube-play/)");
    }

    private static JsonNode doc(Rendered rendered, String apiVersionKind, String name) {
        return rendered.docs().stream()
                .filter(d -> d.apiVersionKind().equals(apiVersionKind) && (name == null || d.name().equals(name)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + apiVersionKind + " " + name)).tree();
    }

    private static void requirePodmanAndImages() {
        List<String> missing = new ArrayList<>();
        if (!Podman.available()) {
            missing.add("podman");
        } else {
            for (String image : List.of("locklab/locklab:0.1.0", "docker.io/library/redis:7.4.6")) {
                if (!Podman.hasImage(image)) {
                    missing.add("image " + image);
                }
            }
        }
        if (!missing.isEmpty()) {
            String message = "podman kube play of the k8s pods needs " + missing + " (.ci/containers.sh sets them up)";
            if (Requirements.inCi()) {
                throw new AssertionError(message);
            }
            Assumptions.abort("SKIPPED: " + message);
        }
    }
}
