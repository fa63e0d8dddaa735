package dev.locklab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locklab.checker.Checkers;
import dev.locklab.checker.HistoryBuilder;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompareReportTest {
    @TempDir
    Path dir;

    /** Racy trial i: worker-2 stranded when {@code stranded}; 2 items in {@code ms} milliseconds. */
    private static CompareReport.Trial racy(int i, boolean stranded, long ms) {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).runId("racy-" + i).seed("1:1", "2:2")
                .duration(ms * 1_000_000L);
        b.worker("worker-1").take("1:1").take("2:2");
        b.worker("worker-2");
        if (stranded) {
            b.stranded("worker-2", "blocked in take()");
        }
        RunHistory h = b.build();
        return CompareReport.Trial.of(h, Checkers.judge(h));
    }

    /** Locked trial i: waits of i and 10*i ms. */
    private static CompareReport.Trial locked(int i, long ms) {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).runId("locked-" + i).seed("1:1", "2:2")
                .duration(ms * 1_000_000L);
        b.worker("worker-1").lockedTake("1:1", i * 1_000_000L);
        b.worker("worker-2").lockedTake("2:2", i * 10_000_000L);
        RunHistory h = b.build();
        return CompareReport.Trial.of(h, Checkers.judge(h));
    }

    static CompareReport sample() {
        List<CompareReport.Trial> racy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racy.add(racy(i, i != 0, 10 * (i + 1)));   // 3 of 4 trials stranded; 10, 20, 30, 40 ms
        }
        List<CompareReport.Trial> locked = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            locked.add(locked(i, 20));
        }
        return CompareReport.of(racy, locked);
    }

    @Test
    void rowsSummarizeEachScenario() {
        CompareReport c = sample();
        CompareReport.Row racy = c.rows().get(0);
        assertThat(racy.scenario()).isEqualTo("racy-drain");
        assertThat(racy.lock()).isEqualTo("none");
        assertThat(racy.trials()).isEqualTo(4);
        assertThat(racy.racedTrials()).isEqualTo(3);
        assertThat(racy.raceRatePercent()).isEqualTo(75.0);
        assertThat(racy.meanDurationMillis()).isEqualTo(25.0);
        assertThat(racy.meanItemsPerSecond()).isEqualTo((200.0 + 100.0 + 66.7 + 50.0) / 4, org.assertj.core.data.Offset.offset(0.01));
        assertThat(racy.acquisitions()).isZero();
        assertThat(racy.valid()).isEqualTo(1);
        assertThat(racy.invalid()).isEqualTo(3);
        assertThat(racy.runIds()).containsExactly("racy-0", "racy-1", "racy-2", "racy-3");

        CompareReport.Row locked = c.rows().get(1);
        assertThat(locked.scenario()).isEqualTo("locked-drain");
        assertThat(locked.raceRatePercent()).isZero();
        assertThat(locked.acquisitions()).isEqualTo(8);
        // waits 1,2,3,4,10,20,30,40 ms: nearest-rank p99 of 8 values is the 8th
        assertThat(locked.waitP99Millis()).isEqualTo(40.0);
        assertThat(locked.valid()).isEqualTo(4);
        assertThat(locked.meanItemsPerSecond()).isEqualTo(100.0);
    }

    @Test
    void renderIsSideBySide() {
        String table = sample().render();
        System.out.println(table);
        assertThat(table).containsPattern("(?m)^\\s+racy-drain\\s+locked-drain$");
        assertThat(table).containsPattern("(?m)^race rate\\s+75\\.0 %\\s+0\\.0 %$");
        assertThat(table).containsPattern("(?m)^wait p99 ms\\s+-\\s+40\\.00$");
        assertThat(table).containsPattern("(?m)^VALID/INVALID/UNKNOWN\\s+1/3/0\\s+4/0/0$");
    }

    @Test
    void writesCompareJson() throws Exception {
        Path file = sample().write(dir.resolve("compare"));
        assertThat(file.getFileName().toString()).isEqualTo("compare.json");
        JsonNode rows = Json.MAPPER.readTree(file.toFile()).get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("raceRatePercent").asDouble()).isEqualTo(75.0);
        assertThat(rows.get(1).get("waitP99Millis").asDouble()).isEqualTo(40.0);
    }
}
