package dev.locklab.metrics;

import dev.locklab.it.LabJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics wiring of the real commands ({@code java -jar locklab.jar ...}) on a throwaway
 * redis-server, with this test in Prometheus's place (each GET of /metrics is a scrape): the
 * coordinator's meters exist at 0 before the first round ends ({@code coordinator}, {@code run}), a
 * one-round {@code coordinator} keeps its endpoint up after the round until scraped twice, and the
 * payloads pass {@code promtool check metrics}. Ordering is proven by what the process printed, never
 * by timing. Every process is started here and ended here, by its handle.
 */
class CliMetricsIT {
    private static final LocalProcesses procs = new LocalProcesses();
    private static final List<Process> started = new ArrayList<>();
    private static Path tmp;
    private static String redis;

    @BeforeAll
    static void redis() throws Exception {
        tmp = Files.createTempDirectory("locklab-cli-metrics");
        redis = "redis://127.0.0.1:" + procs.redis(tmp);
    }

    @AfterAll
    static void stop() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        procs.close();
    }

    /** Starts {@code locklab args...} in the background; its stdout and stderr go to {@code <name>.out}. */
    static Process start(String name, Map<String, String> env, String... args) throws Exception {
        Process p = LabJar.builder(tmp, env, args).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    static String output(String name) throws Exception {
        return Files.readString(tmp.resolve(name + ".out"));
    }

    /** GET /metrics (one scrape); null while nothing answers. */
    static String scrape(int port) {
        var r = procs.get("http://127.0.0.1:" + port + "/metrics");
        return r != null && r.statusCode() == 200 ? r.body() : null;
    }

    static void promtoolAccepts(String what, String payload) throws Exception {
        var r = LocalProcesses.run(Duration.ofSeconds(30), payload, LocalProcesses.binary("promtool", "prometheus"), "check", "metrics");
        assertThat(r.exit()).as(what + ": " + r.output()).isZero();
    }

    static void ends(Process p, String name, int code) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(name + " ends").isTrue();
        assertThat(p.exitValue()).as(output(name)).isEqualTo(code);
    }

    /** The coordinator's meters, at 0, with no finished run: what a dashboard reads before the first round. */
    static void coordinatorMetersAtZero(String body, String lock) {
        for (String s : PrometheusIT.SCENARIOS) {
            String l = s.equals("racy-drain") ? "none" : lock;
            for (String verdict : List.of("VALID", "INVALID", "UNKNOWN")) {
                assertThat(body).contains("locklab_runs_finished_total{lock=\"" + l + "\",scenario=\"" + s + "\",verdict=\"" + verdict + "\"} 0.0");
            }
            assertThat(body).contains("locklab_race_rate{lock=\"" + l + "\",scenario=\"" + s + "\"} 0.0",
                    "locklab_queue_depth{lock=\"" + l + "\",scenario=\"" + s + "\"} 0.0");
        }
        assertThat(body).as("no run judged yet").doesNotContain("locklab_run_items{");
    }

    @Test
    void aOneRoundCoordinatorRegistersItsMetersUpFrontAndLingersAfterItsRound() throws Exception {
        int c = LocalProcesses.freePort();
        Process coord = start("coordinator", Map.of(), "coordinator", "--redis", redis, "--rounds", "1", "--scenario", "locked-drain",
                "--lock", "fair", "--workers", "1", "--items", "20", "--join-timeout", "120s", "--metrics-port", Integer.toString(c));
        String[] before = new String[1];
        LocalProcesses.waitFor(Duration.ofSeconds(60), () -> (before[0] = scrape(c)) != null);
        // no worker exists yet, so no round can have ended: the meters were registered as the endpoint started
        coordinatorMetersAtZero(before[0], "fair");

        int w = LocalProcesses.freePort();
        Process worker = start("worker", Map.of("LOCKLAB_REDIS_URL", redis), "worker", "--once", "--name", "w1",
                "--metrics-port", Integer.toString(w));
        waitForOutput("coordinator", "metrics: keeping the endpoint up");
        String after = scrape(c);
        assertThat(after).as("the endpoint outlives the last round:\n" + output("coordinator")).isNotNull();
        assertThat(after).contains("locklab_runs_finished_total{lock=\"fair\",scenario=\"locked-drain\",verdict=\"VALID\"} 1.0",
                "locklab_queue_depth{lock=\"fair\",scenario=\"locked-drain\"} 0.0");
        assertThat(after).containsPattern("locklab_run_items\\{lock=\"fair\",run=\"locked-drain-[^\"]+\",scenario=\"locked-drain\",worker=\"w1\"} 20.0");
        promtoolAccepts("coordinator", after);
        assertThat(scrape(c)).as("second scrape").isNotNull();
        ends(coord, "coordinator", 0);

        String fromWorker = scrape(w); // the one-shot worker lingers too, until scraped twice (at most 10 s)
        if (fromWorker != null) {
            assertThat(fromWorker).containsPattern("locklab_items_processed_total\\{lock=\"fair\",run=\"locked-drain-[^\"]+\",scenario=\"locked-drain\",worker=\"w1\"} 20.0");
            promtoolAccepts("worker", fromWorker);
            scrape(w);
        }
        ends(worker, "worker", 0);
    }

    @Test
    void runRegistersTheCoordinatorMetersBeforeItsRoundEnds() throws Exception {
        int p = LocalProcesses.freeRun(2);
        Process run = start("run", Map.of(), "run", "--redis", redis, "--scenario", "reentrant", "--hold", "5s",
                "--workers", "1", "--quiet", "--metrics-port", Integer.toString(p));
        String[] first = new String[1];
        LocalProcesses.waitFor(Duration.ofSeconds(60), () -> (first[0] = scrape(p)) != null);
        // the coordinator prints 'releasing the lock' before any worker may take it, so before the round is judged
        assertThat(output("run")).as("scraped before the coordinator released the lock").doesNotContain("releasing the lock");
        coordinatorMetersAtZero(first[0], "reentrant");
        waitForOutput("run", "verdict ");
        for (int i = 0; i < 2; i++) {
            scrape(p + 1); // the worker's linger: two scrapes, and it exits (or 10 s)
        }
        waitForOutput("run", "metrics: keeping the endpoint up");
        String after = scrape(p);
        assertThat(after).contains("locklab_runs_finished_total{lock=\"reentrant\",scenario=\"reentrant\",verdict=\"VALID\"} 1.0");
        promtoolAccepts("run", after);
        scrape(p);
        ends(run, "run", 0);
    }

    /**
     * docs/metrics.md lists every meter: the {@code locklab_*} names a real run serves (worker and
     * coordinator meters in one registry with {@code --threads}, after the run, so the finished-run
     * re-exports are there too) are exactly the names in the doc's meter tables.
     */
    @Test
    void docsListEveryMeterThatARealRunServesAndNoOther() throws Exception {
        int p = LocalProcesses.freePort();
        Process run = start("run-threads", Map.of(), "run", "--threads", "--scenario", "locked-drain", "--workers", "2",
                "--items", "20", "--quiet", "--metrics-port", Integer.toString(p));
        waitForOutput("run-threads", "metrics: keeping the endpoint up");
        String body = scrape(p);
        scrape(p);
        ends(run, "run-threads", 0);
        java.util.Set<String> served = new java.util.TreeSet<>();
        body.lines().filter(l -> l.startsWith("locklab_")).forEach(l -> served.add(l.split("[{ ]", 2)[0]));
        assertThat(served).as("names served by a real run").isNotEmpty()
                .isEqualTo(MeterDocs.documented(Files.readString(Path.of("docs/metrics.md"))));
    }

    static void waitForOutput(String name, String text) throws InterruptedException {
        LocalProcesses.waitFor(Duration.ofSeconds(120), () -> {
            try {
                return output(name).contains(text);
            } catch (Exception e) {
                return false;
            }
        });
    }
}
