package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locklab.it.LabJar;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's path: {@code locklab run --metrics-port P} with real worker JVMs, and a real Prometheus
 * with the project's prometheus-local.yml finding them through the targets file the run writes.
 * Every worker (and the coordinator) is scraped, and the sub-second run's per-worker counts are in
 * Prometheus afterwards.
 */
class RunMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalProcesses procs = new LocalProcesses();

    @AfterAll
    static void stop() {
        procs.close();
    }

    @Test
    void prometheusScrapesEveryWorkerOfARealRun() throws Exception {
        Path tmp = Files.createTempDirectory("locklab-run-metrics");
        Path conf = Files.createDirectories(tmp.resolve("prometheus"));
        Files.copy(Path.of("prometheus/prometheus-local.yml"), conf.resolve("prometheus-local.yml"));
        int promPort = LocalProcesses.freePort();
        String prom = "http://127.0.0.1:" + promPort;
        procs.start(tmp.resolve("prometheus.log"), LocalProcesses.binary("prometheus", "prometheus"),
                "--config.file=" + conf.resolve("prometheus-local.yml"), "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort, "--log.level=warn");
        LocalProcesses.waitFor(Duration.ofSeconds(60), () -> {
            var r = procs.get(prom + "/-/ready");
            return r != null && r.statusCode() == 200;
        });
        int port = freeRun(4);
        LabJar.Result r = LabJar.run(tmp, Map.of(), 180, "run", "--scenario", "locked-drain", "--workers", "3",
                "--metrics-port", Integer.toString(port), "--quiet");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(tmp.resolve("runs/prometheus-targets.json")).exists();
        String run = RunResult.read(tmp.resolve("runs/latest").resolve(RunDirectory.RESULTS)).runId();

        JsonNode up = query(prom, "max_over_time(up{job=\"locklab-local\"}[10m]) == 1");
        Set<String> scraped = new HashSet<>();
        up.forEach(n -> scraped.add(n.at("/metric/instance").asText()));
        assertThat(scraped).containsExactlyInAnyOrder("127.0.0.1:" + port, "127.0.0.1:" + (port + 1),
                "127.0.0.1:" + (port + 2), "127.0.0.1:" + (port + 3));

        JsonNode perWorker = query(prom, "sum by (worker) (max_over_time(locklab_items_processed_total{run=\"" + run + "\"}[10m]))");
        assertThat(perWorker).as("a worker series per worker process").hasSize(3);
        double total = 0;
        for (JsonNode n : perWorker) {
            total += n.at("/value/1").asDouble();
        }
        assertThat(total).as("items counted by the workers' own meters").isEqualTo(100.0);
        JsonNode judged = query(prom, "sum(max_over_time(locklab_run_items{run=\"" + run + "\"}[10m]))");
        assertThat(judged.get(0).at("/value/1").asDouble()).as("items re-exported by the coordinator").isEqualTo(100.0);
    }

    /** A port P such that P..P+n-1 are all free on loopback right now. */
    private static int freeRun(int n) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = LocalProcesses.freePort();
            boolean ok = p + n < 65535;
            for (int i = 1; ok && i < n; i++) {
                try (ServerSocket s = new ServerSocket(p + i, 1, InetAddress.getLoopbackAddress())) {
                    ok = true;
                } catch (java.io.IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return p;
            }
        }
        throw new IllegalStateException("no run of " + n + " free ports");
    }

    private static JsonNode query(String prom, String promql) throws Exception {
        var r = procs.get(prom + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(r).as("Prometheus answers").isNotNull();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(promql + " -> " + r.body()).isEqualTo("success");
        return body.at("/data/result");
    }
}
