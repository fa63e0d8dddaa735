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
    static final Path DASHBOARD = Path.of("grafana/dashboards/locked-vs-unlocked.json");
    static final Path DATASOURCE = Path.of("grafana/provisioning/datasources/prometheus.yml");
    static final String UID = "locklab-prometheus";

    private static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD));
    }

    /** Every panel's targets' expressions, in panel order. */
    static List<String> expressions(JsonNode dash) {
        List<String> exprs = new ArrayList<>();
        dash.get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.path("expr").asText(""))));
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
        assertThat(d.get("panels").size()).isGreaterThanOrEqualTo(8);
        Set<Integer> ids = new java.util.HashSet<>();
        for (JsonNode p : d.get("panels")) {
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
            assertThat(v.get("definition").asText()).startsWith("label_values(");
        }
        assertThat(names).containsExactly("scenario", "run");
        List<String> exprs = expressions(d);
        assertThat(exprs).anyMatch(e -> e.contains("$scenario")).anyMatch(e -> e.contains("$run"));
        // every $variable used is either a template variable or a Grafana global
        Matcher m = Pattern.compile("\\$(\\w+)").matcher(String.join("\n", exprs));
        while (m.find()) {
            assertThat(m.group(1)).isIn("scenario", "run", "__range", "__rate_interval", "__interval");
        }
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
