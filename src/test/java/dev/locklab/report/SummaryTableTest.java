package dev.locklab.report;

import dev.locklab.checker.Checkers;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTableTest {

    @Test
    void tableHasWorkerRowsTotalsThroughputAndVerdictReasons() {
        RunHistory h = WorkerStatsTest.sample();
        RunResult r = RunResult.of(h, Checkers.judge(h));
        String table = SummaryTable.render(r);
        System.out.println(table);

        assertThat(table).contains("run run-test  scenario locked-drain  lock reentrant  workers 2/2  items 4");
        assertThat(table).containsPattern("(?m)^worker-1\\s+3\\s+3\\s+2\\.00\\s+3\\.00\\s+3\\.00\\s+4\\.00\\s+6\\.00$");
        assertThat(table).containsPattern("(?m)^worker-2\\s+1\\s+1\\s+9\\.00.*STRANDED$");
        assertThat(table).containsPattern("(?m)^total\\s+4\\s+4\\s");
        assertThat(table).contains("4 items processed in 50.0 ms: 80.0 items/s");
        assertThat(table).containsPattern("(?m)^VALID\\s+exactly-once\\s+4 items seeded, 4 processed once each$");
        assertThat(table).containsPattern("(?m)^INVALID\\s+liveness\\s+worker-2 was stranded: blocked in take\\(\\)");
        assertThat(table).containsPattern("(?m)^verdict\\s+INVALID \\(exit code 1\\)$");
    }
}
