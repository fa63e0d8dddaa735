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
import tools.jackson.databind.node.ObjectNode;

/**
 * The pods of the rendered {@code overlays/locked} and {@code overlays/racy} run under {@code podman kube
 * play} on a network of their own: the locked run finishes VALID (exit 0), the racy run INVALID (exit 1)
 * with a stranded worker named and released by the coordinator, so its Job would end. Exercised: the
 * images, the security settings (uid 10001, read-only root, no capabilities, no-new-privileges), the init
 * containers, the Redis password wiring, the worker names from the completion index and the CLI's
 * {@code coordinator}/{@code worker --once} contract.
 *
 * <p>What stands in for Kubernetes: the Job controller (one Pod per completion index, with its
 * annotation), the Service (a network alias with the Service's name on the Redis pod) and the kubelet's
 * env resolution ({@link KubeletEmulation}). Scheduling, Job status and deadlines are not exercised.
 * Needs podman and the images {@code locklab/locklab:0.1.0} and {@code docker.io/library/redis:7.4.6}
 * (.ci/containers.sh builds them); without them it is skipped, or fails in CI.
 *
 * <p>Cleanup: everything it creates carries the label {@code locklab.test=true} (the network, the pods
 * and their containers, the pods' emptyDir volumes, created here before the play), so
 * {@code .ci/containers.sh clean} finds it after a killed JVM; {@link #removeWhatThisTestCreated()}
 * removes it item by item after every test, passed or failed.
 */
class KubePlayIT {

    private static final long PLAY_TIMEOUT_S = 120;
    /** Longer than the coordinator's --join-timeout (300 s), so a missing worker ends in its own report. */
    private static final long RUN_TIMEOUT_S = 360;
    /** The label {@code .ci/containers.sh clean} removes by. */
    private static final String TEST_LABEL = "locklab.test";

    @TempDir
    Path tmp;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String network = "locklab-k8s-it-" + suffix;
    private boolean networkCreated;
    private final List<String> pods = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final Path logs = StagedRepo.repo().resolve("target/k8s-kube-play/" + suffix);

    /** What a played Job run left: the coordinator's exit code (the verdict), its log, the worker count. */
    private record Played(int exit, String log, int workers, String coordinator) {}

    @Test
    void theRenderedLockedRunFinishesValidUnderPodmanKubePlay() throws Exception {
        Played run = play("overlays/locked");

        assertThat(run.exit()).as("coordinator exit code (the verdict); every pod's log is in %s; the coordinator's:\n%s",
                logs, run.log()).isZero();
        assertThat(run.log()).contains("verdict VALID").contains("workers " + run.workers() + "/" + run.workers());
        for (int i = 0; i < run.workers(); i++) {
            assertThat(run.log()).as("the report names worker-%d (from its completion index)", i).contains("worker-" + i + " ");
            assertThat(awaitExit(workerContainer(i))).as("worker %d exit", i).isZero();
        }
        String user = Podman.ok(30, "inspect", run.coordinator(), "--format",
                "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.EffectiveCaps}}").out().strip();
        assertThat(user).isEqualTo("10001:10001 true []");
    }

    @Test
    void theRenderedRacyRunEndsInvalidWithAStrandedWorkerReleased() throws Exception {
        Played run = play("overlays/racy");

        assertThat(run.exit()).as("coordinator exit code (1 = INVALID); every pod's log is in %s; the coordinator's:\n%s",
                logs, run.log()).isEqualTo(1);
        assertThat(run.log()).contains("verdict INVALID").contains("workers " + run.workers() + "/" + run.workers())
                .containsPattern("INVALID liveness +worker-[0-9]+ was stranded");
        for (int i = 0; i < run.workers(); i++) {
            // a stranded worker is released by the coordinator (a pill on the queue) and ends, so the
            // workers' Job completes instead of waiting for activeDeadlineSeconds
            assertThat(awaitExit(workerContainer(i))).as("worker %d exit (released, not hanging)", i).isZero();
        }
    }

    /** Renders the overlay, plays Redis, the workers (one pod per index) and the coordinator; waits for it. */
    private Played play(String overlay) throws Exception {
        requirePodmanAndImages();
        Rendered rendered = StagedRepo.stage(tmp.resolve("repo"), true).render(overlay);
        JsonNode secret = doc(rendered, "v1/Secret", null);
        JsonNode workersJob = doc(rendered, "batch/v1/Job", "locklab-workers");
        int workers = workersJob.path("spec").path("completions").asInt();

        Podman.ok(30, "network", "create", "--label", TEST_LABEL + "=true", network);
        networkCreated = true;
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
        return new Played(exit, Podman.run(30, "logs", coordinator).out(), workers, coordinator);
    }

    private String workerContainer(int index) {
        return "locklab-workers-" + index + "-" + suffix + "-worker";
    }

    /** Keeps every container's log, then removes pods, volumes and the network, each on its own. */
    @AfterEach
    void removeWhatThisTestCreated() throws java.io.IOException {
        List<String> failures = new ArrayList<>();
        Files.createDirectories(logs);
        for (String c : containers) {
            try {
                Files.writeString(logs.resolve(c + ".log"), Podman.run(30, "logs", c).out());
            } catch (RuntimeException | java.io.IOException e) {
                failures.add("log of " + c + ": " + e.getMessage());
            }
        }
        for (String pod : pods) {
            remove(failures, "pod", "rm", "-f", pod);
        }
        for (String volume : volumes) {
            remove(failures, "volume", "rm", "-f", volume);
        }
        if (networkCreated) {
            remove(failures, "network", "rm", "-f", network);
        }
        assertThat(failures).as("removal of what this test created").isEmpty();
    }

    private static void remove(List<String> failures, String... args) {
        try {
            Podman.Result r = Podman.run(60, args);
            if (r.exit() != 0) {
                failures.add("podman " + String.join(" ", args) + ": " + r.out().strip());
            }
        } catch (RuntimeException e) {
            failures.add("podman " + String.join(" ", args) + ": " + e.getMessage());
        }
    }

    /**
     * Labels the pod (podman puts pod labels on the pod and its containers) and creates its emptyDir
     * volumes, labelled, before the play: podman would otherwise create them unlabelled.
     */
    private void play(ObjectNode pod, String networkOption) throws Exception {
        String name = pod.path("metadata").path("name").asString();
        JsonNode labels = pod.path("metadata").path("labels");
        ObjectNode writable = labels.isObject() ? (ObjectNode) labels : ((ObjectNode) pod.path("metadata")).putObject("labels");
        writable.put(TEST_LABEL, "true");
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, StrictYaml.MAPPER.writeValueAsString(pod));
        pods.add(name);
        pod.path("spec").path("containers").forEach(c -> containers.add(name + "-" + c.path("name").asString()));
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.has("emptyDir")) {
                String volume = v.path("name").asString();
                volumes.add(volume);
                Podman.ok(30, "volume", "create", "--label", TEST_LABEL + "=true", volume);
            }
        }
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
