package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard and provisioning files as Grafana will read them (Grafana itself is not installable here). */
class DashboardJsonTest {
    static final Path DASHBOARD = Dashboard.FILE;
    static final Path DATASOURCE = Path.of("grafana/provisioning/datasources/prometheus.yml");
    static final String UID = "locklab-prometheus";

    private static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD));
    }

    /** Every panel's targets' expressions (rows' panels included), in panel order. */
    static List<String> expressions(JsonNode dash) {
        List<String> exprs = new ArrayList<>();
        Dashboard.panels(dash).forEach(p -> p.get("targets").forEach(t -> exprs.add(t.path("expr").asText(""))));
        return exprs;
    }

    @Test
    void provisionedDatasourceHasTheFixedUid() throws Exception {
        String yml = Files.readString(DATASOURCE);
        assertThat(yml).contains("uid: " + UID, "type: prometheus", "url: http://prometheus:9090");
        assertThat(Files.readString(Path.of("grafana/provisioning/dashboards/locklab.yml")))
                .contains("path: /var/lib/grafana/dashboards", "type: file");
    }

    @Test
    void schemaVersionIsPinnedForGrafana11And12() throws Exception {
        JsonNode d = dashboard();
        // 39 is Grafana 11.0's schema; Grafana 11.x and 12.x migrate it forward on load, none reject it
        assertThat(d.get("schemaVersion").asInt()).isEqualTo(39);
        assertThat(d.get("uid").asText()).isEqualTo("locklab-locked-vs-unlocked");
        assertThat(d.get("title").asText()).isNotBlank();
    }

    @Test
    void everyPanelAndTargetUsesTheProvisionedDatasource() throws Exception {
        JsonNode d = dashboard();
        assertThat(Dashboard.panels(d).size()).isGreaterThanOrEqualTo(8);
        Set<Integer> ids = new java.util.HashSet<>();
        for (JsonNode p : Dashboard.panels(d)) {
            assertThat(ids.add(p.get("id").asInt())).as("unique panel id").isTrue();
            assertThat(p.at("/datasource/uid").asText()).as(p.get("title").asText()).isEqualTo(UID);
            assertThat(p.at("/datasource/type").asText()).isEqualTo("prometheus");
            assertThat(p.get("targets").size()).as(p.get("title").asText()).isPositive();
            for (JsonNode t : p.get("targets")) {
                assertThat(t.at("/datasource/uid").asText()).isEqualTo(UID);
                assertThat(t.path("expr").asText()).as("expr of " + p.get("title").asText()).isNotBlank();
                assertThat(t.path("refId").asText()).isNotBlank();
            }
            JsonNode g = p.get("gridPos");
            assertThat(g.get("w").asInt() + g.get("x").asInt()).isLessThanOrEqualTo(24);
        }
    }

    @Test
    void templateVariablesScenarioAndRunExistAndAreUsed() throws Exception {
        JsonNode d = dashboard();
        List<String> names = new ArrayList<>();
        for (JsonNode v : d.at("/templating/list")) {
            names.add(v.get("name").asText());
            assertThat(v.at("/datasource/uid").asText()).isEqualTo(UID);
            String q = Dashboard.variableQuery(v);
            assertThat(v.get("definition").asText()).as("definition shows the query").isEqualTo(q);
            // the query editor's type matches the query: 1 label values, 3 query result (Grafana's PromVariableQueryType)
            assertThat(v.at("/query/qryType").asInt()).isEqualTo(q.startsWith("query_result(") ? 3 : 1);
            assertThat(q).matches("^(label_values|query_result)\\(.+\\)$");
            assertThat(v.get("refresh").asInt()).as("on time range change").isEqualTo(2);
        }
        assertThat(names).containsExactly("scenario", "run");
        JsonNode run = Dashboard.variable(d, "run");
        assertThat(run.get("sort").asInt()).as("the query's own order (newest first), not run ids by name").isZero();
        assertThat(Dashboard.variableQuery(run)).contains("sort_desc(", "locklab_run_end_time_seconds");
        List<String> exprs = expressions(d);
        assertThat(exprs).anyMatch(e -> e.contains("$scenario")).anyMatch(e -> e.contains("$run"));
        // every $variable used is either a template variable or a Grafana global
        Matcher m = Pattern.compile("\\$(\\w+)").matcher(String.join("\n", exprs));
        while (m.find()) {
            assertThat(m.group(1)).isIn("scenario", "run", "__range", "__rate_interval", "__interval");
        }
    }

    /**
     * Every lab meter a target selects follows the variables it can: {@code scenario=~"$scenario"}
     * always, {@code run=~"$run"} for meters tagged with a run (the workers' meters and the coordinator's
     * finished-run re-exports); and a per-worker aggregation keeps the scenario apart, so "All" never
     * adds a worker's locked-drain items to its racy-drain ones.
     */
    @Test
    void everyTargetFollowsTheVariablesItsMetersCarry() throws Exception {
        Pattern selector = Pattern.compile("(locklab_[a-z_]+)(\\{[^}]*})?");
        Pattern by = Pattern.compile("by \\(([^)]*)\\)");
        for (String e : expressions(dashboard())) {
            Matcher m = selector.matcher(e);
            while (m.find()) {
                String metric = m.group(1);
                String sel = m.group(2) == null ? "" : m.group(2);
                assertThat(sel).as(metric + " in " + e).contains("scenario=~\"$scenario\"");
                boolean runTagged = !metric.startsWith("locklab_runs_finished") && !metric.startsWith("locklab_race_rate")
                        && !metric.startsWith("locklab_queue_depth");
                if (runTagged) {
                    assertThat(sel).as(metric + " in " + e).contains("run=~\"$run\"");
                }
            }
            Matcher b = by.matcher(e);
            while (b.find()) {
                if (b.group(1).contains("worker")) {
                    assertThat(b.group(1)).as(e).contains("scenario");
                }
            }
        }
    }

    @Test
    void panelsWithoutDataForSomeScenarioSayWhy() throws Exception {
        JsonNode d = dashboard();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : Dashboard.panels(d)) {
            titles.add(p.get("title").asText());
            if (PrometheusIT.NO_DATA.containsKey(p.get("title").asText())) {
                assertThat(p.at("/fieldConfig/defaults/noValue").asText()).as(p.get("title").asText()).contains("no lock");
            }
        }
        assertThat(titles).containsAll(PrometheusIT.NO_DATA.keySet());
    }

    @Test
    void grafanaRegexAndSortAreEmulatedAsGrafanaDoesThem() {
        var v = new ObjectMapper().createObjectNode().put("regex", "/run=\"(?<value>[^\"]+)\"/").put("sort", 0);
        v.putObject("query").put("query", "query_result(x)");
        List<String> opts = Dashboard.options(v, java.util.Map.of(), new Dashboard.Source() {
            @Override
            public List<String> labelValues(String label, String match) {
                throw new AssertionError();
            }

            @Override
            public List<java.util.Map.Entry<java.util.Map<String, String>, String>> instant(String promql) {
                assertThat(promql).isEqualTo("x");
                return List.of(java.util.Map.entry(java.util.Map.of("run", "z-2"), "2"),
                        java.util.Map.entry(java.util.Map.of("run", "a-1"), "1"),
                        java.util.Map.entry(java.util.Map.of("run", "z-2"), "2"));
            }
        });
        assertThat(opts).as("data source order kept, duplicates dropped").containsExactly("z-2", "a-1");
        assertThat(Dashboard.substitute("a{run=~\"$run\"}[$__range] $__range_s", java.util.Map.of("run", ".*",
                "__range", "60s", "__range_s", "60"))).isEqualTo("a{run=~\".*\"}[60s] 60");
    }

    @Test
    void theIssuesPanelsArePresent() throws Exception {
        String all = String.join("\n", expressions(dashboard()));
        assertThat(all).contains("locklab_run_items", "locklab_items_processed_total",
                "histogram_quantile(0.5", "histogram_quantile(0.95", "histogram_quantile(0.99",
                "locklab_lock_wait_seconds_bucket", "locklab_lock_hold_seconds_bucket", "locklab_lock_hold_depth",
                "locklab_run_stranded", "locklab_race_rate", "locklab_run_duration_seconds", "locklab_queue_depth");
    }
}
