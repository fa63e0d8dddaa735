package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locklab.it.LabJar;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import dev.locklab.report.WorkerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard against a real Prometheus (Debian package, the project's prometheus-local.yml copied
 * unchanged) that scraped real {@code locklab run --metrics-port} processes: each run a coordinator
 * JVM and two worker JVMs on a throwaway redis-server, found through the targets file the run writes.
 * Four runs: racy-drain, locked-drain, reentrant, locked-drain. Everything the dashboard asks is read
 * from its JSON: every panel target (rows included) for every value of its template variables, whose
 * options come from the variables' own queries.
 */
class PrometheusIT {
    private static final Logger log = LoggerFactory.getLogger(PrometheusIT.class);
    /**
     * Panels that legitimately show no data for a scenario, and why. The dashboard gives each a
     * {@code noValue} text; every other panel must have data for every scenario.
     */
    static final Map<String, Set<String>> NO_DATA = Map.of(
            "Lock wait p50 / p95 / p99 by scenario (run $run)", Set.of("racy-drain"), // no lock, so no wait
            "Lock hold p50 / p95 / p99 by scenario (run $run)", Set.of("racy-drain")); // no lock, so no hold
    static final List<String> SCENARIOS = List.of("racy-drain", "locked-drain", "reentrant");
    static final Set<String> WORKERS = Set.of("worker-1", "worker-2");

    record LabRun(String id, String scenario, RunResult result, int port) {
    }

    private static final LocalProcesses procs = new LocalProcesses();
    private static final List<LabRun> runs = new ArrayList<>(); // in the order they ran
    private static Path tmp;
    private static Prom prom;
    private static String redis;
    private static long start;

    @BeforeAll
    static void runTheLab() throws Exception {
        tmp = Files.createTempDirectory("locklab-prom-it");
        redis = "redis://127.0.0.1:" + procs.redis(tmp);
        prom = Prom.start(procs, tmp);
        start = System.currentTimeMillis() / 1000 - 5;
        run("racy-drain", "--items", "20");
        run("locked-drain");
        run("reentrant", "--hold", "500ms");
        run("locked-drain");
    }

    /** One {@code locklab run}; it lingers until Prometheus scraped its endpoints twice, then exits. */
    private static void run(String scenario, String... extra) throws Exception {
        int port = LocalProcesses.freeRun(3);
        List<String> args = new ArrayList<>(List.of("run", "--scenario", scenario, "--workers", "2", "--redis", redis,
                "--metrics-port", Integer.toString(port), "--quiet"));
        args.addAll(List.of(extra));
        LabJar.Result r = LabJar.run(tmp, Map.of(), 180, args.toArray(String[]::new));
        // racy-drain's stranded worker is the lesson (INVALID, 1); the race may also not strike (VALID, 0)
        assertThat(r.exit()).as(r.all()).isIn(scenario.equals("racy-drain") ? List.of(0, 1) : List.of(0));
        RunResult res = RunResult.read(tmp.resolve("runs/latest").resolve(RunDirectory.RESULTS));
        assertThat(res.scenario()).isEqualTo(scenario);
        runs.add(new LabRun(res.runId(), scenario, res, port));
        log.info("run {}: {} in {} ms, {} items, stranded {}", res.runId(), res.status(), res.durationMillis(),
                res.itemsProcessed(), res.stranded().keySet());
    }

    @AfterAll
    static void stop() {
        procs.close();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** Grafana's variables for one choice, over the test's time range [start, now]. */
    private static Map<String, String> vars(String scenario, String run, long end) {
        long range = end - start;
        Map<String, String> v = new HashMap<>();
        v.put("scenario", scenario);
        v.put("run", run);
        v.put("__range", range + "s");
        v.put("__range_s", Long.toString(range));
        v.put("__range_ms", Long.toString(range * 1000));
        v.put("__rate_interval", "8s");
        v.put("__interval", "2s");
        return v;
    }

    @Test
    void promtoolAcceptsEveryConfig() throws Exception {
        String promtool = LocalProcesses.binary("promtool", "prometheus");
        for (String f : List.of("prometheus/prometheus.yml", "prometheus/prometheus-local.yml")) {
            var r = LocalProcesses.run(java.time.Duration.ofSeconds(30), null, promtool, "check", "config", f);
            assertThat(r.exit()).as(r.output()).isZero();
        }
        // Debian builds Prometheus without Kubernetes discovery, so its promtool rejects the key itself;
        // check that this is the only complaint, and validate the rest (relabelling) with a static target.
        String k8s = Files.readString(Path.of("prometheus/prometheus-k8s.yml"));
        Path copy = Files.writeString(tmp.resolve("k8s.yml"), k8s);
        var r = LocalProcesses.run(java.time.Duration.ofSeconds(30), null, promtool, "check", "config", copy.toString());
        if (r.exit() != 0) {
            assertThat(r.output()).contains("field kubernetes_sd_configs not found");
            String stat = k8s.replaceAll("(?s)kubernetes_sd_configs:.*?own_namespace: true\n",
                    "static_configs:\n      - targets: ['127.0.0.1:9400']\n");
            Path statFile = Files.writeString(tmp.resolve("k8s-static.yml"), stat);
            var r2 = LocalProcesses.run(java.time.Duration.ofSeconds(30), null, promtool, "check", "config", statFile.toString());
            assertThat(r2.exit()).as(r2.output()).isZero();
        }
    }

    @Test
    void everyEndpointOfEveryRunWasScraped() throws Exception {
        JsonNode up = prom.query("max_over_time(up{job=\"locklab-local\"}[" + (now() - start) + "s]) == 1", now());
        Map<String, String> roles = new HashMap<>();
        up.forEach(s -> roles.put(s.at("/metric/instance").asText(), s.at("/metric/role").asText()));
        Map<String, String> expected = new HashMap<>();
        for (LabRun r : runs) {
            expected.put("127.0.0.1:" + r.port(), "coordinator");
            expected.put("127.0.0.1:" + (r.port() + 1), "worker");
            expected.put("127.0.0.1:" + (r.port() + 2), "worker");
        }
        assertThat(roles).isEqualTo(expected);
    }

    @Test
    void aShortRunStillShowsItsPerWorkerCounts() throws Exception {
        String range = "[" + (now() - start) + "s]";
        for (LabRun r : runs) {
            Map<String, Double> want = new LinkedHashMap<>();
            for (WorkerStats w : r.result().workers()) {
                if (r.result().joined().contains(w.worker())) { // the report also has a row for the coordinator's hold
                    want.put(w.worker(), (double) w.items());
                }
            }
            for (String metric : List.of("locklab_run_items", "locklab_items_processed_total")) {
                Map<String, Double> got = new LinkedHashMap<>();
                for (JsonNode s : prom.query("sum by (worker) (max_over_time(" + metric + "{run=\"" + r.id() + "\"}" + range + "))", now())) {
                    got.put(s.at("/metric/worker").asText(), s.at("/value/1").asDouble());
                }
                assertThat(got).as(metric + " of " + r.id() + ", as the report counted").isEqualTo(want);
            }
            if (r.scenario().equals("locked-drain")) {
                assertThat(want.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(100);
                log.info("locked-drain run {} took {} ms; Prometheus has its per-worker counts {}", r.id(),
                        r.result().durationMillis(), want);
            }
        }
        LabRun reentrant = runs.stream().filter(r -> r.scenario().equals("reentrant")).findFirst().orElseThrow();
        JsonNode depth = prom.query("max(max_over_time(locklab_lock_hold_depth_max{run=\"" + reentrant.id() + "\"}" + range + "))", now());
        assertThat(depth.get(0).at("/value/1").asDouble()).as("RLock demo depth").isEqualTo(5);
    }

    @Test
    void racyDrainSeriesAreTaggedLockNone() throws Exception {
        JsonNode wrong = prom.series("{__name__=~\"locklab_.+\", scenario=\"racy-drain\", lock!=\"none\"}", start, now());
        assertThat(wrong).as("racy-drain takes no lock").isEmpty();
        JsonNode none = prom.series("{__name__=~\"locklab_.+\", scenario=\"racy-drain\", lock=\"none\"}", start, now());
        Set<String> names = new TreeSet<>();
        none.forEach(s -> names.add(s.path("__name__").asText()));
        assertThat(names).contains("locklab_items_processed_total", "locklab_run_items", "locklab_runs_finished_total",
                "locklab_race_rate", "locklab_queue_depth");
    }

    @Test
    void templateVariablesListWhatTheRunsLeftNewestRunFirst() throws Exception {
        JsonNode dash = Dashboard.load();
        long end = now();
        List<String> scenarios = Dashboard.options(Dashboard.variable(dash, "scenario"), vars(Dashboard.ALL, Dashboard.ALL, end),
                prom.source(start, end));
        assertThat(scenarios).containsExactlyInAnyOrderElementsOf(SCENARIOS);
        List<String> choices = new ArrayList<>(scenarios);
        choices.add(Dashboard.ALL);
        for (String s : choices) {
            List<String> newestFirst = new ArrayList<>();
            runs.stream().filter(r -> s.equals(Dashboard.ALL) || r.scenario().equals(s)).forEach(r -> newestFirst.add(0, r.id()));
            List<String> options = Dashboard.options(Dashboard.variable(dash, "run"), vars(s, Dashboard.ALL, end), prom.source(start, end));
            assertThat(options).as("runs of scenario " + s).containsExactlyElementsOf(newestFirst);
        }
    }

    /**
     * Every target of every panel, for every scenario the scenario variable offers (and All), and every
     * run the run variable then offers (and All), as Grafana would ask: instant targets at now, range
     * targets over the test's range. A target passes when it has a series for each scenario, worker and
     * run the choice covers (when it groups by them), and each series has a finite value; or, for a
     * panel in {@link #NO_DATA} whose scenarios are all exempt, when it has no finite value at all.
     */
    @Test
    void everyDashboardTargetReturnsDataForEveryVariableValue() throws Exception {
        JsonNode dash = Dashboard.load();
        long end = now();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        List<String> scenarioChoices = new ArrayList<>(Dashboard.options(Dashboard.variable(dash, "scenario"),
                vars(Dashboard.ALL, Dashboard.ALL, end), prom.source(start, end)));
        scenarioChoices.add(Dashboard.ALL);
        for (String scenario : scenarioChoices) {
            List<String> runChoices = new ArrayList<>(Dashboard.options(Dashboard.variable(dash, "run"),
                    vars(scenario, Dashboard.ALL, end), prom.source(start, end)));
            runChoices.add(Dashboard.ALL);
            for (String run : runChoices) {
                for (JsonNode panel : Dashboard.panels(dash)) {
                    for (JsonNode target : panel.path("targets")) {
                        failures.addAll(check(panel, target, scenario, run, end));
                        checked++;
                    }
                }
            }
        }
        log.info("{} dashboard queries checked against Prometheus", checked);
        assertThat(failures).as("dashboard targets without the data they should show").isEmpty();
    }

    private List<String> check(JsonNode panel, JsonNode target, String scenario, String run, long end) throws Exception {
        String title = panel.path("title").asText();
        String raw = target.path("expr").asText();
        String expr = Dashboard.substitute(raw, vars(scenario, run, end));
        String where = title + " [" + target.path("refId").asText() + "] scenario=" + scenario + " run=" + run + ": " + expr;
        Set<String> chosen = scenario.equals(Dashboard.ALL) ? new LinkedHashSet<>(SCENARIOS) : Set.of(scenario);
        List<LabRun> selected = runs.stream().filter(r -> chosen.contains(r.scenario())
                && (run.equals(Dashboard.ALL) || r.id().equals(run))).toList();
        Set<String> expected = new TreeSet<>(chosen);
        if (raw.contains("$run")) {
            expected.retainAll(selected.stream().map(LabRun::scenario).toList());
        }
        expected.removeAll(NO_DATA.getOrDefault(title, Set.of()));
        Set<String> expectedRuns = new TreeSet<>(selected.stream().filter(r -> expected.contains(r.scenario())).map(LabRun::id).toList());

        JsonNode result = target.path("instant").asBoolean() ? prom.query(expr, end) : prom.queryRange(expr, start, end, 2);
        List<String> problems = new ArrayList<>();
        boolean anyFinite = false;
        Map<String, Set<String>> labels = new HashMap<>();
        for (JsonNode s : result) {
            boolean finite = Prom.values(s).stream().anyMatch(Double::isFinite);
            anyFinite |= finite;
            if (!finite) {
                problems.add(where + " -> a series without a finite value: " + s.path("metric"));
            }
            Prom.labels(s).forEach((k, v) -> labels.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
        }
        if (expected.isEmpty()) {
            return anyFinite ? List.of(where + " -> data where none is expected (NO_DATA): " + result)
                    : panel.at("/fieldConfig/defaults/noValue").asText().isBlank()
                    ? List.of(where + " -> no data, as expected, but the panel has no noValue text") : List.of();
        }
        if (result.isEmpty()) {
            return List.of(where + " -> no data");
        }
        if (labels.containsKey("scenario") && !labels.get("scenario").equals(expected)) {
            problems.add(where + " -> scenarios " + labels.get("scenario") + ", expected " + expected);
        }
        if (labels.containsKey("worker") && !labels.get("worker").equals(WORKERS)) {
            problems.add(where + " -> workers " + labels.get("worker") + ", expected " + WORKERS);
        }
        if (labels.containsKey("run") && !labels.get("run").equals(expectedRuns)) {
            problems.add(where + " -> runs " + labels.get("run") + ", expected " + expectedRuns);
        }
        return problems;
    }

    /**
     * Draws the dashboard from this test's Prometheus data into target/locklab-dashboard.svg (scenario
     * and run All); docs/img/dashboard-from-prometheus-it.png is that file made a PNG.
     */
    @Test
    void renderTheDashboardFromRealData() throws Exception {
        JsonNode dash = Dashboard.load();
        long end = now();
        String svg = DashboardRender.svg(dash, t -> {
            try {
                String expr = Dashboard.substitute(t.get("expr").asText(), vars(Dashboard.ALL, Dashboard.ALL, end));
                JsonNode res = t.path("instant").asBoolean() ? prom.query(expr, end) : prom.queryRange(expr, start, end, 2);
                List<DashboardRender.Series> out = new ArrayList<>();
                for (JsonNode r : res) {
                    Map<String, String> metric = Prom.labels(r);
                    String legend = t.path("legendFormat").asText("__auto");
                    if (legend.equals("__auto")) {
                        legend = String.join(" ", metric.values());
                    }
                    for (var e : metric.entrySet()) {
                        legend = legend.replace("{{" + e.getKey() + "}}", e.getValue());
                    }
                    List<double[]> pts = new ArrayList<>();
                    List<Double> vals = Prom.values(r);
                    JsonNode raw = r.has("values") ? r.get("values") : null;
                    for (int i = 0; i < vals.size(); i++) {
                        pts.add(new double[]{raw != null ? raw.get(i).get(0).asDouble() : end, vals.get(i)});
                    }
                    out.add(new DashboardRender.Series(legend, metric, pts));
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "real Prometheus data, PrometheusIT: 4 `locklab run` processes, 2 worker JVMs each (scenario = All, run = All)");
        Path file = Path.of("target", "locklab-dashboard.svg");
        Files.writeString(file, svg);
        assertThat(svg).contains("Items per worker", "worker-1", "worker-2");
        log.info("dashboard rendering: {}", file.toAbsolutePath());
    }
}
