package dev.locklab.report;

import dev.locklab.checker.Checkers;
import dev.locklab.checker.Verdict;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunResultTest {

    @Test
    void ofComputesTheRun() {
        RunHistory h = WorkerStatsTest.sample();
        RunResult r = RunResult.of(h, Checkers.judge(h));
        assertThat(r.runId()).isEqualTo("run-test");
        assertThat(r.scenario()).isEqualTo("locked-drain");
        assertThat(r.workersExpected()).isEqualTo(2);
        assertThat(r.itemsSeeded()).isEqualTo(4);
        assertThat(r.itemsProcessed()).isEqualTo(4);
        assertThat(r.durationMillis()).isEqualTo(50.0);
        assertThat(r.itemsPerSecond()).isEqualTo(80.0);
        assertThat(r.workers()).hasSize(2);
        assertThat(r.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stranded()).containsKey("worker-2");
        assertThat(r.spec()).containsEntry("scenario", "locked-drain").containsEntry("workers", "2");
        assertThat(r.withExitCode(130).exitCode()).isEqualTo(130);
    }

    @Test
    void jsonRoundTrips() {
        RunHistory h = WorkerStatsTest.sample();
        RunResult r = RunResult.of(h, Checkers.judge(h));
        String json = r.toJson();
        assertThat(json).contains("\"status\" : \"INVALID\"", "\"exitCode\" : 1", "\"waitP99\"");
        assertThat(RunResult.fromJson(json)).isEqualTo(r);
    }

    @Test
    void partialHistoryStillGivesAResult() {
        RunHistory partial = new RunHistory(null, null, null, null, null, null, null, 0);
        RunResult r = RunResult.of(partial, List.of());
        assertThat(r.runId()).isEqualTo(RunResult.UNKNOWN_RUN);
        assertThat(r.status()).as("nothing judged is not VALID").isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.itemsPerSecond()).isZero();
        assertThat(RunResult.fromJson(r.toJson())).isEqualTo(r);
        assertThat(SummaryTable.render(r)).contains("verdict UNKNOWN (exit code 2)");
    }
}
