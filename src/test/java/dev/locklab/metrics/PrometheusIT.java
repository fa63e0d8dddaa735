package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locklab.config.RedisSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian package) with the project's prometheus-local.yml, copied unchanged, whose
 * only adaptation is the targets file it reads ({@code ../runs/prometheus-targets.json}, written by
 * {@link TargetsFile}). It scrapes three lab processes on loopback (two workers, one coordinator) while
 * real scenarios run on real Redisson locks on a real redis-server.
 */
class PrometheusIT {
    private static final Logger log = LoggerFactory.getLogger(PrometheusIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalProcesses procs = new LocalProcesses();
    private static Path tmp;
    private static MiniLab lab;
    private static String prom;
    private static final Map<String, FinishedRun> runs = new LinkedHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        tmp = Files.createTempDirectory("locklab-prom-it");
        int redisPort = procs.redis(tmp);
        lab = new MiniLab(RedisSettings.parse("redis://127.0.0.1:" + redisPort), 2);

        Path confDir = Files.createDirectories(tmp.resolve("prometheus"));
        Files.copy(Path.of("prometheus/prometheus-local.yml"), confDir.resolve("prometheus-local.yml"));
        TargetsFile.writeTo(tmp.resolve("runs"), lab.targets());
        int promPort = LocalProcesses.freePort();
        prom = "http://127.0.0.1:" + promPort;
        procs.start(tmp.resolve("prometheus.log"), LocalProcesses.binary("prometheus", "prometheus"),
                "--config.file=" + confDir.resolve("prometheus-local.yml"),
                "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn");
        LocalProcesses.waitFor(Duration.ofSeconds(60), () -> {
            var r = procs.get(prom + "/-/ready");
            return r != null && r.statusCode() == 200;
        });
        LocalProcesses.waitFor(Duration.ofSeconds(60), () -> upTargets() == lab.targets().size());

        runs.put("locked", lab.run("it-locked-1", "locked-drain", 100, Duration.ZERO));
        runs.put("racy", lab.run("it-racy-1", "racy-drain", 10, Duration.ofMillis(20)));
        runs.put("reentrant", lab.run("it-reentrant-1", "reentrant", 0, Duration.ZERO));
        runs.put("locked2", lab.run("it-locked-2", "locked-drain", 100, Duration.ZERO));
        runs.put("racy2", lab.run("it-racy-2", "racy-drain", 10, Duration.ofMillis(20)));
        runs.put("racy3", lab.run("it-racy-3", "racy-drain", 10, Duration.ofMillis(20)));
        runs.values().forEach(r -> log.info("run {} {} in {} ms: {} items {} stranded {}", r.run(), r.scenario(),
                r.duration().toMillis(), r.verdict(), r.items(), r.stranded()));
        // the linger of a short-lived process: wait until Prometheus scraped each endpoint twice more
        for (MiniLab.Proc p : lab.processes()) {
            assertThat(p.metrics().awaitScrapes(2, Duration.ofSeconds(20))).as("scraped: " + p.name()).isTrue();
        }
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            procs.close();
        }
    }

    private static int upTargets() {
        try {
            JsonNode r = query("up{job=\"locklab-local\"} == 1");
            return r.size();
        } catch (Exception e) {
            return -1;
        }
    }

    static JsonNode query(String promql) throws Exception {
        var r = procs.get(prom + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(r).as("Prometheus answers").isNotNull();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(promql + " -> " + r.body()).isEqualTo("success");
        return body.at("/data/result");
    }

    static JsonNode queryRange(String promql, Duration range) throws Exception {
        long end = System.currentTimeMillis() / 1000;
        var r = procs.get(prom + "/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (end - range.toSeconds()) + "&end=" + end + "&step=2");
        assertThat(r).as("Prometheus answers").isNotNull();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(promql + " -> " + r.body()).isEqualTo("success");
        return body.at("/data/result");
    }

    @Test
    void promtoolAcceptsEveryConfig() throws Exception {
        String promtool = LocalProcesses.binary("promtool", "prometheus");
        for (String f : List.of("prometheus/prometheus.yml", "prometheus/prometheus-local.yml")) {
            var r = LocalProcesses.run(Duration.ofSeconds(30), null, promtool, "check", "config", f);
            assertThat(r.exit()).as(r.output()).isZero();
        }
        // Debian builds Prometheus without Kubernetes discovery, so its promtool rejects the key itself;
        // check that this is the only complaint, and validate the rest (relabelling) with a static target.
        String k8s = Files.readString(Path.of("prometheus/prometheus-k8s.yml"));
        Path copy = Files.writeString(tmp.resolve("k8s.yml"), k8s);
        var r = LocalProcesses.run(Duration.ofSeconds(30), null, promtool, "check", "config", copy.toString());
        if (r.exit() != 0) {
            assertThat(r.output()).contains("field kubernetes_sd_configs not found");
            String stat = k8s.replaceAll("(?s)kubernetes_sd_configs:.*?own_namespace: true\n",
                    "static_configs:\n      - targets: ['127.0.0.1:9400']\n");
            Path statFile = Files.writeString(tmp.resolve("k8s-static.yml"), stat);
            var r2 = LocalProcesses.run(Duration.ofSeconds(30), null, promtool, "check", "config", statFile.toString());
            assertThat(r2.exit()).as(r2.output()).isZero();
        }
    }

    @Test
    void promtoolAcceptsAScrapedPayload() throws Exception {
        for (MiniLab.Proc p : lab.processes()) {
            String body = procs.get("http://127.0.0.1:" + p.server().port() + "/metrics").body();
            var r = LocalProcesses.run(Duration.ofSeconds(30), body, LocalProcesses.binary("promtool", "prometheus"),
                    "check", "metrics");
            assertThat(r.exit()).as(p.name() + ": " + r.output()).isZero();
        }
    }

    @Test
    void everyEndpointWasScraped() throws Exception {
        JsonNode up = query("up{job=\"locklab-local\"}");
        assertThat(up).hasSize(lab.targets().size());
        up.forEach(s -> assertThat(s.at("/value/1").asText()).as(s.toString()).isEqualTo("1"));
        List<String> roles = new ArrayList<>();
        up.forEach(s -> roles.add(s.at("/metric/role").asText()));
        assertThat(roles).containsExactlyInAnyOrder("worker", "worker", "coordinator");
    }

    @Test
    void aRunShorterThanAScrapeIntervalStillShowsPerWorkerCounts() throws Exception {
        FinishedRun locked = runs.get("locked");
        String run = locked.run();
        JsonNode judged = query("sum by (worker) (locklab_run_items{run=\"" + run + "\"})");
        JsonNode live = query("sum by (worker) (max_over_time(locklab_items_processed_total{run=\"" + run + "\"}[10m]))");
        assertThat(judged).hasSize(2);
        assertThat(live).hasSize(2);
        double judgedSum = 0;
        for (JsonNode s : judged) {
            String w = s.at("/metric/worker").asText();
            double v = s.at("/value/1").asDouble();
            assertThat(v).as(w).isEqualTo(locked.items().get(w).doubleValue());
            judgedSum += v;
        }
        double liveSum = 0;
        for (JsonNode s : live) {
            liveSum += s.at("/value/1").asDouble();
        }
        assertThat(judgedSum).isEqualTo(100);
        assertThat(liveSum).as("the workers' own counters, as Prometheus stored them").isEqualTo(100);
        log.info("locked-drain run {} took {} ms; Prometheus has {} items per worker", run,
                locked.duration().toMillis(), locked.items());
        JsonNode depth = query("max(max_over_time(locklab_lock_hold_depth_max{run=\"" + runs.get("reentrant").run() + "\"}[10m]))");
        assertThat(depth.get(0).at("/value/1").asDouble()).as("RLock demo depth").isEqualTo(5);
    }

    @Test
    void everyDashboardExpressionReturnsData() throws Exception {
        JsonNode dash = JSON.readTree(Files.readString(DashboardJsonTest.DASHBOARD));
        List<String> failures = new ArrayList<>();
        for (String runValue : List.of(runs.get("locked").run(), ".*")) {
            for (JsonNode p : dash.get("panels")) {
                for (JsonNode t : p.get("targets")) {
                    String expr = substitute(t.get("expr").asText(), runValue);
                    // as Grafana asks: instant targets at "now", range targets over the dashboard's range
                    JsonNode result = t.path("instant").asBoolean() ? query(expr) : queryRange(expr, Duration.ofMinutes(10));
                    boolean finite = false;
                    for (JsonNode s : result) {
                        for (JsonNode v : s.has("values") ? s.get("values") : List.of(s.get("value"))) {
                            String x = v.get(1).asText();
                            finite |= !x.equals("NaN") && !x.contains("Inf");
                        }
                    }
                    if (!finite) {
                        failures.add(p.get("title").asText() + " [" + t.get("refId").asText() + "] run=" + runValue
                                + ": " + expr + " -> " + result);
                    }
                }
            }
        }
        assertThat(failures).as("panels whose query returns no data").isEmpty();
    }

    /** Grafana's variables as a user would set them: all scenarios, one run (or All), the last 10 minutes. */
    static String substitute(String expr, String run) {
        return expr.replace("$scenario", ".*").replace("$run", run).replace("$__range", "10m")
                .replace("$__rate_interval", "8s");
    }

    /** Draws the dashboard from this run's Prometheus data into target/locklab-dashboard.svg (for the README). */
    @Test
    void renderTheDashboardFromRealData() throws Exception {
        JsonNode dash = JSON.readTree(Files.readString(DashboardJsonTest.DASHBOARD));
        String svg = DashboardRender.svg(dash, t -> {
            try {
                String expr = substitute(t.get("expr").asText(), ".*");
                boolean instant = t.path("instant").asBoolean();
                JsonNode res = instant ? query(expr) : queryRange(expr, Duration.ofMinutes(2));
                List<DashboardRender.Series> out = new ArrayList<>();
                for (JsonNode r : res) {
                    Map<String, String> metric = new LinkedHashMap<>();
                    r.get("metric").fields().forEachRemaining(e -> metric.put(e.getKey(), e.getValue().asText()));
                    String legend = t.path("legendFormat").asText("__auto");
                    if (legend.equals("__auto")) {
                        legend = String.join(" ", metric.values());
                    }
                    for (var e : metric.entrySet()) {
                        legend = legend.replace("{{" + e.getKey() + "}}", e.getValue());
                    }
                    List<double[]> pts = new ArrayList<>();
                    for (JsonNode v : r.has("values") ? r.get("values") : List.of(r.get("value"))) {
                        pts.add(new double[]{v.get(0).asDouble(), parse(v.get(1).asText())});
                    }
                    out.add(new DashboardRender.Series(legend, metric, pts));
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "real Prometheus data, PrometheusIT: 2 worker + 1 coordinator endpoints in one test JVM (scenario = All, run = All)");
        Path file = Path.of("target", "locklab-dashboard.svg");
        Files.writeString(file, svg);
        assertThat(svg).contains("Items per worker", "worker-1", "worker-2");
        log.info("dashboard rendering: {}", file.toAbsolutePath());
    }

    private static double parse(String v) {
        return v.equals("NaN") ? Double.NaN : v.contains("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
    }

    @Test
    void templateVariableQueriesFindTheScenariosAndRuns() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String scen = procs.get(prom + "/api/v1/label/scenario/values?match[]="
                + URLEncoder.encode("locklab_runs_finished_total", StandardCharsets.UTF_8)
                + "&start=" + (now - 600) + "&end=" + now).body();
        assertThat(JSON.readTree(scen).get("data").toString()).contains("racy-drain", "locked-drain", "reentrant");
        String run = procs.get(prom + "/api/v1/label/run/values?match[]="
                + URLEncoder.encode("locklab_items_processed_total{scenario=~\".*\"}", StandardCharsets.UTF_8)
                + "&start=" + (now - 600) + "&end=" + now).body();
        assertThat(JSON.readTree(run).get("data").toString()).contains("it-locked-1", "it-racy-1", "it-reentrant-1");
    }
}
