package dev.locklab.metrics;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How the doc's meter tables are read ({@link MeterDocs}); CliMetricsIT compares them with a real run's /metrics. */
class MeterDocsTest {
    @Test
    void histogramShorthandExpandsToEveryName() {
        String md = """
                | Prometheus name | type | meaning |
                | `locklab_lock_hold_seconds_bucket` / `_count` / `_sum` / `_max` | histogram | a `take` |
                | `locklab_items_processed_total` | counter | an `_ok` word elsewhere is ignored |
                not a table: `locklab_nope`
                """;
        assertThat(MeterDocs.documented(md)).containsExactly("locklab_items_processed_total",
                "locklab_lock_hold_seconds_bucket", "locklab_lock_hold_seconds_count", "locklab_lock_hold_seconds_max",
                "locklab_lock_hold_seconds_sum");
    }

    @Test
    void theDocListsEveryMeterNameConstant() throws Exception {
        var documented = MeterDocs.documented(Files.readString(Path.of("docs/metrics.md")));
        for (var f : Meters.class.getFields()) {
            String v = (String) f.get(null).toString();
            if (f.getName().startsWith("TAG_") || !v.startsWith("locklab.")) {
                continue;
            }
            String stem = v.replace('.', '_');
            assertThat(documented).as(f.getName()).anyMatch(n -> n.startsWith(stem));
        }
    }
}
