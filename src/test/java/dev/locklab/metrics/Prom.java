package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * Test helper: a real Prometheus (Debian package) on a free loopback port, started by
 * {@link LocalProcesses} (which stops it) with the project's {@code prometheus-local.yml} copied
 * unchanged into {@code <dir>/prometheus/}, so it reads {@code <dir>/runs/prometheus-targets.json}: the
 * file {@code locklab run --metrics-port} writes when run in {@code dir}. And its HTTP API. Any thread.
 */
final class Prom {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalProcesses procs;
    private final String base;

    private Prom(LocalProcesses procs, String base) {
        this.procs = procs;
        this.base = base;
    }

    static Prom start(LocalProcesses procs, Path dir) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("prometheus"));
        Files.copy(Path.of("prometheus/prometheus-local.yml"), conf.resolve("prometheus-local.yml"));
        int port = LocalProcesses.freePort();
        procs.start(dir.resolve("prometheus.log"), LocalProcesses.binary("prometheus", "prometheus"),
                "--config.file=" + conf.resolve("prometheus-local.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn");
        Prom p = new Prom(procs, "http://127.0.0.1:" + port);
        LocalProcesses.waitFor(Duration.ofSeconds(60), () -> {
            var r = procs.get(p.base + "/-/ready");
            return r != null && r.statusCode() == 200;
        });
        return p;
    }

    /** An instant query at {@code at} (epoch seconds): the {@code data.result} array. */
    JsonNode query(String promql, long at) throws Exception {
        return get("/api/v1/query?query=" + enc(promql) + "&time=" + at, promql).at("/data/result");
    }

    /** A range query as Grafana asks for a time series panel. */
    JsonNode queryRange(String promql, long start, long end, long step) throws Exception {
        return get("/api/v1/query_range?query=" + enc(promql) + "&start=" + start + "&end=" + end + "&step=" + step, promql)
                .at("/data/result");
    }

    /** {@code /api/v1/label/<label>/values}, as Grafana's label_values(metric, label) asks it. */
    List<String> labelValues(String label, String match, long start, long end) throws Exception {
        String url = "/api/v1/label/" + label + "/values?start=" + start + "&end=" + end
                + (match == null ? "" : "&match[]=" + enc(match));
        List<String> out = new ArrayList<>();
        get(url, match).path("data").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code /api/v1/series}: the label sets of every series matching {@code match} in [start, end]. */
    JsonNode series(String match, long start, long end) throws Exception {
        return get("/api/v1/series?match[]=" + enc(match) + "&start=" + start + "&end=" + end, match).path("data");
    }

    /** Answers template-variable queries over [start, end], as Grafana does. */
    Dashboard.Source source(long start, long end) {
        return new Dashboard.Source() {
            @Override
            public List<String> labelValues(String label, String match) {
                try {
                    return Prom.this.labelValues(label, match, start, end);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public List<Map.Entry<Map<String, String>, String>> instant(String promql) {
                try {
                    List<Map.Entry<Map<String, String>, String>> out = new ArrayList<>();
                    for (JsonNode s : query(promql, end)) {
                        out.add(Map.entry(labels(s), s.at("/value/1").asText()));
                    }
                    return out;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    static Map<String, String> labels(JsonNode series) {
        Map<String, String> m = new LinkedHashMap<>();
        series.path("metric").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The values of one series of a query or range-query answer, NaN and ±Inf included. */
    static List<Double> values(JsonNode series) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : series.has("values") ? series.get("values") : List.of(series.get("value"))) {
            String x = v.get(1).asText();
            out.add(x.equals("NaN") ? Double.NaN : x.contains("Inf") ? (x.startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY) : Double.parseDouble(x));
        }
        return out;
    }

    private JsonNode get(String pathAndQuery, String what) throws Exception {
        var r = procs.get(base + pathAndQuery);
        assertThat(r).as("Prometheus answers").isNotNull();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(what + " -> " + r.body()).isEqualTo("success");
        return body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
