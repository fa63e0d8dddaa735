package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locklab.it.LabJar;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's path: {@code locklab run --metrics-port} with real worker JVMs, and a real Prometheus
 * with the project's prometheus-local.yml finding them through the targets file the run writes.
 * Every worker (and the coordinator) is scraped, and the sub-second run's per-worker counts are in
 * Prometheus afterwards.
 */
class RunMetricsIT {
    private static final LocalProcesses procs = new LocalProcesses();

    @AfterAll
    static void stop() {
        procs.close();
    }

    @Test
    void prometheusScrapesEveryWorkerOfARealRun() throws Exception {
        Path tmp = Files.createTempDirectory("locklab-run-metrics");
        Prom prom = Prom.start(procs, tmp);
        int port = LocalProcesses.freeRun(4);
        LabJar.Result r = LabJar.run(tmp, Map.of(), 180, "run", "--scenario", "locked-drain", "--workers", "3",
                "--metrics-port", Integer.toString(port), "--quiet");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(tmp.resolve("runs/prometheus-targets.json")).exists();
        String run = RunResult.read(tmp.resolve("runs/latest").resolve(RunDirectory.RESULTS)).runId();
        long now = System.currentTimeMillis() / 1000;

        JsonNode up = prom.query("max_over_time(up{job=\"locklab-local\"}[10m]) == 1", now);
        Set<String> scraped = new HashSet<>();
        up.forEach(n -> scraped.add(n.at("/metric/instance").asText()));
        assertThat(scraped).containsExactlyInAnyOrder("127.0.0.1:" + port, "127.0.0.1:" + (port + 1),
                "127.0.0.1:" + (port + 2), "127.0.0.1:" + (port + 3));

        JsonNode perWorker = prom.query("sum by (worker) (max_over_time(locklab_items_processed_total{run=\"" + run + "\"}[10m]))", now);
        assertThat(perWorker).as("a worker series per worker process").hasSize(3);
        double total = 0;
        for (JsonNode n : perWorker) {
            total += n.at("/value/1").asDouble();
        }
        assertThat(total).as("items counted by the workers' own meters").isEqualTo(100.0);
        JsonNode judged = prom.query("sum(max_over_time(locklab_run_items{run=\"" + run + "\"}[10m]))", now);
        assertThat(judged.get(0).at("/value/1").asDouble()).as("items re-exported by the coordinator").isEqualTo(100.0);
    }
}
