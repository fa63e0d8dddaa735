package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Inputs these tests need from other parts of the project. Outside CI a missing input skips the test
 * with a message naming it; in CI ({@code CI} set) it fails, so nothing is silently left untested.
 */
final class Requirements {

    private Requirements() {}

    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci);
    }

    /** The file or tree, or a skip (a failure in CI) explaining what is missing and why. */
    static Path require(String relative, String why) {
        return StagedRepo.locate(relative).orElseGet(() -> {
            String message = relative + " is missing from the repository (" + why + ")";
            if (inCi()) {
                fail(message);
            }
            Assumptions.abort("SKIPPED: " + message);
            throw new AssertionError("unreachable");
        });
    }

    /** The workshop overlay reads these; they come from the metrics work (prometheus/, grafana/). */
    static void workshopInputs() {
        require("prometheus/prometheus-k8s.yml", "the workshop's Prometheus config");
        require("grafana/provisioning/datasources/prometheus.yml", "the workshop's Grafana datasource");
        require("grafana/provisioning/dashboards/locklab.yml", "the workshop's Grafana dashboard provider");
        require("grafana/dashboards", "the workshop's Grafana dashboards");
    }
}
