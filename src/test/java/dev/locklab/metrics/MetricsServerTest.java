package dev.locklab.metrics;

import dev.locklab.checker.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsServerTest {
    private final LabMetrics metrics = LabMetrics.create();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEveryMeterWithZeroBeforeAnyOpAndHealth() throws Exception {
        server = MetricsServer.start(metrics, new InetSocketAddress("127.0.0.1", 0));
        assertThat(server.port()).isPositive();
        metrics.forRun("run-a", "locked-drain", "worker-1", "reentrant");
        metrics.coordinator("reentrant");

        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String body = r.body();
        String tags = "lock=\"reentrant\",run=\"run-a\",scenario=\"locked-drain\",worker=\"worker-1\"";
        assertThat(body).contains(
                "locklab_items_processed_total{" + tags + "} 0.0",
                "locklab_lock_acquisitions_total{" + tags + "} 0.0",
                "locklab_lock_acquire_failures_total{" + tags + "} 0.0",
                "locklab_workers_stranded_total{" + tags + "} 0.0",
                "locklab_lock_wait_seconds_count{" + tags + "} 0",
                "locklab_lock_hold_seconds_count{" + tags + "} 0",
                "locklab_lock_hold_depth{" + tags + "} 0.0",
                "locklab_lock_hold_depth_max{" + tags + "} 0.0",
                "locklab_queue_depth{lock=\"reentrant\",scenario=\"locked-drain\"} 0.0",
                "locklab_queue_depth{lock=\"none\",scenario=\"racy-drain\"} 0.0",
                "locklab_runs_finished_total{lock=\"none\",scenario=\"racy-drain\",verdict=\"INVALID\"} 0.0",
                "locklab_race_rate{lock=\"reentrant\",scenario=\"locked-drain\"} 0.0",
                "jvm_memory_used_bytes", "process_cpu_usage", "process_uptime_seconds", "jvm_threads_live_threads");
        assertThat(body.lines().filter(l -> l.startsWith("locklab_lock_wait_seconds_bucket{")
                && l.contains("run=\"run-a\"") && l.endsWith(" 0")).count())
                .as("20 histogram buckets, all 0").isEqualTo(20);
        assertThat(body).contains("le=\"0.001\"", "le=\"+Inf\"");

        HttpResponse<String> h = get("/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body().trim()).isEqualTo("ok");
        assertThat(metrics.scrapes()).isEqualTo(1);
    }

    @Test
    void finishedRunsAreReExportedWithTheirVerdict() throws Exception {
        server = MetricsServer.start(metrics, new InetSocketAddress("127.0.0.1", 0));
        CoordinatorMeters c = metrics.coordinator("reentrant");
        c.queueDepth("racy-drain", "reentrant", 42);
        assertThat(get("/metrics").body()).as("racy-drain takes no lock: tagged none, whatever --lock says")
                .contains("locklab_queue_depth{lock=\"none\",scenario=\"racy-drain\"} 42.0");
        // --lock reentrant (the default) is in a racy run's spec; the exported tag is none
        c.runFinished(new FinishedRun("run-b", "racy-drain", "reentrant", Verdict.Status.INVALID,
                Duration.ofMillis(800), Map.of("w1", 60L, "w2", 40L), Set.of("w2"), Instant.ofEpochSecond(1000)));
        String body = get("/metrics").body();
        assertThat(body).contains(
                "locklab_queue_depth{lock=\"none\",scenario=\"racy-drain\"} 0.0",
                "locklab_run_items{lock=\"none\",run=\"run-b\",scenario=\"racy-drain\",worker=\"w1\"} 60.0",
                "locklab_run_stranded{lock=\"none\",run=\"run-b\",scenario=\"racy-drain\",worker=\"w2\"} 1.0",
                "locklab_run_duration_seconds{lock=\"none\",run=\"run-b\",scenario=\"racy-drain\",verdict=\"INVALID\"} 0.8",
                "locklab_run_end_time_seconds{lock=\"none\",run=\"run-b\",scenario=\"racy-drain\",verdict=\"INVALID\"} 1000.0",
                "locklab_runs_finished_total{lock=\"none\",scenario=\"racy-drain\",verdict=\"INVALID\"} 1.0",
                "locklab_race_rate{lock=\"none\",scenario=\"racy-drain\"} 1.0");
        assertThat(body).as("no racy-drain series tagged with a lock it never took")
                .doesNotContainPattern("lock=\"reentrant\"[^}]*scenario=\"racy-drain\"");
        assertThat(c.raceRate("racy-drain", "none")).isEqualTo(1.0);
        assertThat(c.raceRate("locked-drain", "reentrant")).isZero();
        assertThat(c.queueDepth("racy-drain", "reentrant")).as("reset when the round ended").isZero();
    }

    @Test
    void aClosedRunsMetersAreRemovedAfterTwoScrapesAndLingerWaitsForThem() throws Exception {
        server = MetricsServer.start(metrics, new InetSocketAddress("127.0.0.1", 0));
        RunMeters old = metrics.forRun("run-old", "locked-drain", "worker-1", "reentrant");
        assertThat(metrics.awaitScrapes(1, Duration.ofMillis(50))).as("nobody scrapes: times out").isFalse();
        old.close();
        assertThat(get("/metrics").body()).contains("run=\"run-old\"");
        assertThat(get("/metrics").body()).as("second scrape after close still has the final values")
                .contains("run=\"run-old\"");
        assertThat(get("/metrics").body()).doesNotContain("run=\"run-old\"");
        assertThat(metrics.exportedRuns()).isEmpty();

        Thread scraper = new Thread(() -> {
            for (int i = 0; i < 2; i++) {
                try {
                    Thread.sleep(50);
                    get("/metrics");
                } catch (Exception e) {
                    return;
                }
            }
        });
        scraper.start();
        assertThat(metrics.linger(Duration.ofSeconds(10))).isTrue();
        scraper.join();
        assertThat(metrics.linger(Duration.ZERO)).as("linger disabled").isFalse();
    }

    @Test
    void atMostMaxRunsAreKeptEvenIfNeverScraped() {
        for (int i = 0; i < LabMetrics.MAX_RUNS + 3; i++) {
            metrics.forRun("run-" + i, "locked-drain", "worker-1", "reentrant");
        }
        assertThat(metrics.exportedRuns()).hasSize(LabMetrics.MAX_RUNS).first().isEqualTo("run-3/worker-1");
        assertThat(metrics.scrapeText()).doesNotContain("run=\"run-0\"").contains("run=\"run-10\"");
        assertThat(metrics.forRun("run-10", "locked-drain", "worker-1", "reentrant"))
                .isSameAs(metrics.forRun("run-10", "locked-drain", "worker-1", "reentrant"));
    }

    @Test
    void manyWorkersOfOneRunInOneProcessAreAllKept() {
        for (int w = 1; w <= LabMetrics.MAX_RUNS * 2; w++) {
            metrics.forRun("threads-run", "locked-drain", "worker-" + w, "reentrant");
        }
        assertThat(metrics.exportedRuns()).hasSize(LabMetrics.MAX_RUNS * 2);
        metrics.forRun("next-run", "locked-drain", "worker-1", "reentrant");
        assertThat(metrics.exportedRuns()).hasSize(LabMetrics.MAX_RUNS * 2 + 1);
    }

    @Test
    void endpointBundlesRegistryServerAndInstrumentation() throws Exception {
        MetricsEndpoint m = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0));
        try {
            var spec = new dev.locklab.config.RunSpec("run-e", "reentrant", "reentrant", 1, 0, 1, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(1));
            var hooks = m.instrumentation().forRun(spec, "w1");
            var lock = hooks.decorate(new java.util.concurrent.locks.ReentrantLock());
            for (int i = 0; i < 5; i++) {
                lock.lock();
            }
            for (int i = 0; i < 5; i++) {
                lock.unlock();
            }
            hooks.finished();
            m.instrumentation().queueDepth(spec, 3);
            var racy = new dev.locklab.config.RunSpec("run-r", "racy-drain", "reentrant", 1, 0, 1, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(1));
            m.instrumentation().forRun(racy, "w1").finished();
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("locklab_lock_hold_depth_max{lock=\"reentrant\",run=\"run-e\",scenario=\"reentrant\",worker=\"w1\"} 5.0",
                    "locklab_lock_acquisitions_total{lock=\"reentrant\",run=\"run-e\",scenario=\"reentrant\",worker=\"w1\"} 5.0",
                    "locklab_queue_depth{lock=\"reentrant\",scenario=\"reentrant\"} 3.0",
                    "locklab_items_processed_total{lock=\"none\",run=\"run-r\",scenario=\"racy-drain\",worker=\"w1\"} 0.0");
        } finally {
            m.close();
            m.close();
        }
    }

    @Test
    void stopIsIdempotentAndClosesThePort() throws Exception {
        server = MetricsServer.start(metrics, new InetSocketAddress("127.0.0.1", 0));
        assertThat(get("/health").statusCode()).isEqualTo(200);
        server.stop();
        server.stop();
        assertThatThrownBy(() -> get("/health")).isInstanceOf(ConnectException.class);
    }
}
