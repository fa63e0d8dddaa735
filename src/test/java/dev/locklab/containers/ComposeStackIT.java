package dev.locklab.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.locklab.history.Op;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on the repository's own docker-compose.yml (everything but Grafana, which has no offline
 * image here): Redis, the workshop coordinator, 3 worker containers and Prometheus come up; the
 * coordinator finishes a round; single lesson runs (the `lesson` service) judge a locked round VALID
 * with items from several containers, each worker named after its container ({@code <project>_worker_N}
 * with docker-compose 1.29, {@code <project>-worker-N} with Compose v2, never a container id), and a racy
 * round with a wide gap INVALID with a stranded worker; Prometheus scrapes every worker container and
 * holds the workers' series under those container names; a paused container misses a round; a
 * container killed mid-round is named in that round's report (its Redis connections vanish), what it had
 * taken still counts, and its restart policy does not bring it back (a kill by hand is a manual stop).
 * The project is taken down even when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    static final int WORKERS = 3;
    static final String PASSWORD = "compose-it";
    static final ObjectMapper JSON = new ObjectMapper();

    Compose compose;
    int redisPort;
    long upMillis;
    /** Worker names that took items in the locked round (test 2), for the Prometheus check. */
    final Set<String> lockedRoundWorkers = new java.util.TreeSet<>();

    @BeforeAll
    void up() {
        ContainerEngine.requireImage(ContainerEngine.LOCKLAB_IMAGE);
        ContainerEngine.requireCompose();
        compose = new Compose(ContainerEngine.projectDir(), "locklabit" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("REDIS_PASSWORD", PASSWORD,
                        "LOCKLAB_REDIS_PORT", "", "LOCKLAB_PROMETHEUS_PORT", "", "LOCKLAB_GRAFANA_PORT", "",
                        "LOCKLAB_ROUND_PAUSE", "60s", "LOCKLAB_ITEMS", "60"));
        long t0 = System.nanoTime();
        compose.exec(Duration.ofMinutes(3), "up", "-d", "--no-build", "redis", "worker", "prometheus", "coordinator")
                .check("compose up");
        upMillis = (System.nanoTime() - t0) / 1_000_000;
        redisPort = compose.port("redis", 6379);
    }

    @AfterAll
    void down() {
        if (compose != null) {
            compose.close();
        }
    }

    @Test
    @Order(1)
    void theWorkshopCoordinatorFinishesARoundWithTheWorkerContainers() throws Exception {
        assertThat(compose.containers("worker")).hasSize(WORKERS);
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(3).toNanos();
        String results = "";
        while (System.nanoTime() < deadline && results.isBlank()) {
            Thread.sleep(1000);
            results = compose.exec(Duration.ofSeconds(30), "exec", "-T", "coordinator", "sh", "-c",
                    "ls /app/runs/*/results.json 2>/dev/null").out().strip();
        }
        System.out.printf("[compose-it] up took %d ms; first round finished %d ms after up%n",
                upMillis, upMillis + (System.nanoTime() - t0) / 1_000_000);
        assertThat(results).as("a finished round in the coordinator's run directory\n"
                + compose.exec(Duration.ofSeconds(30), "logs", "--tail", "40", "coordinator").out()).contains("results.json");
        assertThat(waitHealthy(Duration.ofSeconds(90))).as("HEALTHCHECK (GET /health on 9400) of every worker container")
                .containsOnly("healthy");
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        for (String service : java.util.List.of("coordinator", "worker", "redis", "prometheus")) {
            for (Container c : compose.containers(service)) {
                assertThat(docker.inspectContainerCmd(c.getId()).exec().getHostConfig().getRestartPolicy().getName())
                        .as("restart policy of %s", c.getNames()[0]).isEqualTo("unless-stopped");
            }
        }
        // stop the forever coordinator between rounds (round pause 60 s) so the lesson runs own the workers
        compose.exec(Duration.ofMinutes(1), "stop", "-t", "3", "coordinator").check("stop coordinator");
    }

    @Test
    @Order(2)
    void aLockedRoundIsValidWithItemsFromSeveralContainers() {
        Cli.Result run = compose.exec(Duration.ofMinutes(3), "run", "--rm", "--use-aliases", "-T", "lesson", "coordinator",
                "--rounds", "1", "--scenario", "locked-drain", "--workers", String.valueOf(WORKERS),
                "--items", "60", "--gap", "5ms", "--stranded-after", "5s", "--join-timeout", "60s", "--out", "/app/runs");
        assertThat(run.exit()).as("verdict exit code (0 = VALID)\n" + run.out()).isEqualTo(0);

        Histories.Run r = lastRun();
        Set<String> containerNames = workerContainerNames();
        assertThat(containerNames).as("compose's names for the worker replicas").hasSize(WORKERS)
                .allMatch(n -> n.matches(replicaName()), "match " + replicaName());
        assertThat(r.takes()).as("items taken, all workers").isEqualTo(Long.parseLong(r.spec().get("items")));
        Map<String, Long> byWorker = r.takesByWorker();
        System.out.println("[compose-it] locked round " + r.runId() + " takes by worker: " + byWorker);
        assertThat(byWorker.keySet()).as("workers are named by their container's name, <project>_worker_N or"
                + " <project>-worker-N (not a container id or hostname)")
                .hasSize(WORKERS).allMatch(n -> n.matches(replicaName()), "match " + replicaName())
                .isSubsetOf(containerNames);
        assertThat(byWorker.values().stream().filter(n -> n > 0).count()).as("containers that took items").isGreaterThanOrEqualTo(2);
        byWorker.forEach((w, n) -> {
            if (n > 0) {
                lockedRoundWorkers.add(w);
            }
        });
    }

    @Test
    @Order(3)
    void aRacyRoundWithAWideGapStrandsAWorker() {
        Cli.Result run = compose.exec(Duration.ofMinutes(3), "run", "--rm", "--use-aliases", "-T", "lesson", "coordinator",
                "--rounds", "1", "--scenario", "racy-drain", "--workers", String.valueOf(WORKERS),
                "--items", "6", "--gap", "300ms", "--stranded-after", "2s", "--join-timeout", "60s",
                "--out", "/app/runs");
        assertThat(run.exit()).as("verdict exit code (1 = INVALID)\n" + run.out()).isEqualTo(1);
        Histories.Run r = lastRun();
        assertThat(r.any(Op.Type.INFO, "released")).as("a stranded worker released by the coordinator: "
                + r.byWorker().keySet()).isTrue();
    }

    @Test
    @Order(4)
    void prometheusScrapesEveryWorkerContainer() throws Exception {
        int port = compose.port("prometheus", 9090);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String q = URLEncoder.encode("up{job=\"locklab-worker\"} == 1", StandardCharsets.UTF_8);
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + q);
        JsonNode result = JSON.createArrayNode();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                result = JSON.readTree(resp.body()).path("data").path("result");
                if (result.size() == WORKERS) {
                    break;
                }
            } catch (java.io.IOException e) {
                // Prometheus still starting
            }
            Thread.sleep(2000);
        }
        assertThat(result.size()).as("worker targets up in Prometheus: " + result).isEqualTo(WORKERS);

        // the dashboard's `worker` label: the workers' own series carry their container names
        assertThat(lockedRoundWorkers).as("workers that took items in the locked round (test 2)").isNotEmpty();
        String match = URLEncoder.encode("locklab_items_processed_total{job=\"locklab-worker\"}", StandardCharsets.UTF_8);
        URI labels = URI.create("http://127.0.0.1:" + port + "/api/v1/label/worker/values?match[]=" + match);
        Set<String> seen = new java.util.TreeSet<>();
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !seen.containsAll(lockedRoundWorkers)) {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(labels).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JSON.readTree(resp.body()).path("data").forEach(v -> seen.add(v.asText()));
            if (!seen.containsAll(lockedRoundWorkers)) {
                Thread.sleep(2000);
            }
        }
        System.out.println("[compose-it] worker label values in Prometheus: " + seen);
        assertThat(seen).as("worker label values of locklab_items_processed_total scraped from the worker containers")
                .containsAll(lockedRoundWorkers)
                .allMatch(n -> n.matches(replicaName()), "match " + replicaName());
    }

    @Test
    @Order(5)
    void aPausedWorkerContainerMissesTheNextRound() {
        Container paused = compose.containers("worker").get(0);
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        docker.pauseContainerCmd(paused.getId()).exec();
        try {
            Cli.Result run = compose.exec(Duration.ofMinutes(3), "run", "--rm", "--use-aliases", "-T", "lesson", "coordinator",
                    "--rounds", "1", "--scenario", "locked-drain", "--workers", "0", "--join-window", "5s",
                    "--items", "30", "--gap", "5ms", "--stranded-after", "5s", "--out", "/app/runs");
            assertThat(run.exit()).as("verdict exit code (0 = VALID)\n" + run.out()).isEqualTo(0);
            Histories.Run r = lastRun();
            System.out.println("[compose-it] with " + paused.getNames()[0] + " paused: " + r.takesByWorker());
            assertThat(r.byWorker()).as("whoever joined: the two running worker containers").hasSize(WORKERS - 1);
            assertThat(r.takes()).isEqualTo(30);
        } finally {
            docker.unpauseContainerCmd(paused.getId()).exec();
        }
    }

    @Test
    @Order(6)
    void aWorkerContainerKilledMidRoundIsNamedAndWhatItTookStillCounts() throws Exception {
        String before = Histories.announced("127.0.0.1", redisPort, PASSWORD);
        int items = 3000;
        // a 2 s lease: if the victim dies holding the lock, the others wait 2 s, not the watchdog's 30 s
        java.util.concurrent.CompletableFuture<Cli.Result> lesson = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                compose.exec(Duration.ofMinutes(4), "run", "--rm", "--use-aliases", "-T", "lesson", "coordinator",
                        "--rounds", "1", "--scenario", "locked-drain", "--workers", String.valueOf(WORKERS),
                        "--items", String.valueOf(items), "--lease", "2s", "--deadline", "3m", "--join-timeout", "60s",
                        "--out", "/app/runs"));
        String victim = null;
        String runId = null;
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (victim == null && System.nanoTime() < until && !lesson.isDone()) {
            Thread.sleep(200);
            runId = Histories.announced("127.0.0.1", redisPort, PASSWORD);
            if (runId != null && !runId.equals(before)) {
                victim = Histories.read("127.0.0.1", redisPort, PASSWORD, runId).takesByWorker().entrySet().stream()
                        .filter(e -> e.getValue() >= 20).map(Map.Entry::getKey).findFirst().orElse(null);
            }
        }
        assertThat(victim).as("a worker container that took 20 items while the round runs").isNotNull();
        Container c = containerNamed(victim);
        org.testcontainers.DockerClientFactory.instance().client().killContainerCmd(c.getId()).exec(); // SIGKILL
        long killedTakes = Histories.read("127.0.0.1", redisPort, PASSWORD, runId).takesByWorker().get(victim);

        Cli.Result run = lesson.get(4, java.util.concurrent.TimeUnit.MINUTES);
        System.out.println("[compose-it] killed " + victim + " mid-round; report:\n" + run.out().lines()
                .filter(l -> l.contains("liveness") || l.contains("exactly-once") || l.startsWith("verdict")).toList());
        assertThat(run.exit()).as("verdict exit code (1 = INVALID: a worker did not finish)\n" + run.out()).isEqualTo(1);
        assertThat(run.out()).contains(victim + " did not finish: no connection to Redis");
        Histories.Run r = Histories.read("127.0.0.1", redisPort, PASSWORD, runId);
        assertThat(r.takesByWorker().get(victim)).as("the dead container's takes, streamed before it died")
                .isGreaterThanOrEqualTo(killedTakes);
        assertThat(r.takes()).as("every item but what the victim popped in its last ~10 ms").isGreaterThanOrEqualTo(items - 10);
        // restart: unless-stopped does not revive a container killed by hand (the README's lesson: it
        // misses the next rounds until `docker compose up -d --scale worker=3`)
        var state = org.testcontainers.DockerClientFactory.instance().client().inspectContainerCmd(c.getId()).exec();
        assertThat(state.getState().getRunning()).as("%s after docker kill, restart policy unless-stopped", victim).isFalse();
        assertThat(state.getRestartCount()).as("%s restarts", victim).isZero();
    }

    /** Compose's name for a replica of the worker service: 1.29 {@code p_worker_2}, v2 {@code p-worker-2}. */
    private String replicaName() {
        return java.util.regex.Pattern.quote(compose.project()) + "[_-]worker[_-][0-9]+";
    }

    /** The worker container a worker name (its container name) belongs to. */
    private Container containerNamed(String worker) {
        for (Container c : compose.containers("worker")) {
            for (String n : c.getNames()) {
                if ((n.startsWith("/") ? n.substring(1) : n).equals(worker)) {
                    return c;
                }
            }
        }
        throw new AssertionError("no worker container named " + worker);
    }

    /** Health status of each worker container once none is "starting" any more (or the time is up). */
    private java.util.List<String> waitHealthy(Duration limit) throws InterruptedException {
        var docker = org.testcontainers.DockerClientFactory.instance().client();
        long deadline = System.nanoTime() + limit.toNanos();
        java.util.List<String> status = java.util.List.of();
        while (System.nanoTime() < deadline) {
            status = compose.containers("worker").stream()
                    .map(c -> docker.inspectContainerCmd(c.getId()).exec().getState().getHealth().getStatus())
                    .toList();
            if (!status.contains("starting") && !status.isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        }
        return status;
    }

    private Histories.Run lastRun() {
        String runId = Histories.announced("127.0.0.1", redisPort, PASSWORD);
        assertThat(runId).as("locklab:announce").isNotBlank();
        return Histories.read("127.0.0.1", redisPort, PASSWORD, runId);
    }

    /** The container names (project_worker_N) of the worker replicas; never their ids or hostnames. */
    private Set<String> workerContainerNames() {
        Set<String> names = new HashSet<>();
        for (Container c : compose.containers("worker")) {
            for (String n : c.getNames()) {
                names.add(n.startsWith("/") ? n.substring(1) : n);
            }
        }
        return names;
    }
}
