package dev.locklab.report;

import dev.locklab.checker.HistoryBuilder;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerStatsTest {

    /** worker-1: 3 items, waits 1/2/3 ms, holds 2/4/6 ms; worker-2: 1 item, then stranded. */
    static RunHistory sample() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).seed("1:1", "2:2", "3:3", "4:4")
                .stranded("worker-2", "blocked in take() for 1.0 s after the others finished; released")
                .duration(50_000_000L);
        HistoryBuilder.W w1 = b.worker("worker-1");
        long t = 0;
        String[] items = {"1:1", "2:2", "3:3"};
        for (int i = 0; i < 3; i++) {
            w1.at(t).acquire((i + 1) * 1_000_000L, 1).enter().take(items[i]);
            w1.at(t + 2_000L + (i + 1) * 2_000_000L).exit().release(0);
            t += 100_000_000L;
        }
        b.worker("worker-2").acquire(9_000_000L, 1).enter().take("4:4").exit().release(0)
                .takePill();
        return b.build();
    }

    @Test
    void perWorkerRowsCountItemsWaitsAndHoldsOfThatWorkerOnly() {
        List<WorkerStats> rows = WorkerStats.perWorker(sample());
        assertThat(rows).extracting(WorkerStats::worker).containsExactly("worker-1", "worker-2");
        WorkerStats w1 = rows.get(0);
        assertThat(w1.items()).isEqualTo(3);
        assertThat(w1.acquisitions()).isEqualTo(3);
        assertThat(w1.waitP50()).isEqualTo(2.0);
        assertThat(w1.waitP99()).isEqualTo(3.0);
        assertThat(w1.waitMax()).isEqualTo(3.0);
        // enter is stamped at t + 2000 ns (after acquire's invoke and ok), exit at t + 2000 ns + 2/4/6 ms
        assertThat(w1.holdP50()).isEqualTo(4.0);
        assertThat(w1.holdMax()).isEqualTo(6.0);
        assertThat(w1.stranded()).isFalse();
        WorkerStats w2 = rows.get(1);
        assertThat(w2.items()).as("the release pill is not an item").isEqualTo(1);
        assertThat(w2.stranded()).isTrue();
    }

    @Test
    void totalRowCoversEveryAcquisition() {
        WorkerStats total = WorkerStats.total(sample());
        assertThat(total.worker()).isEqualTo("total");
        assertThat(total.items()).isEqualTo(4);
        assertThat(total.acquisitions()).isEqualTo(4);
        assertThat(total.waitP50()).isEqualTo(2.0);
        assertThat(total.waitMax()).isEqualTo(9.0);
        assertThat(total.stranded()).isTrue();
    }

    @Test
    void emptyHistoryGivesZeros() {
        RunHistory h = new RunHistory(null, null, null, null, List.of("worker-1"), null, null, 0);
        assertThat(WorkerStats.perWorker(h)).containsExactly(
                new WorkerStats("worker-1", 0, 0, 0, 0, 0, 0, 0, false, false));
    }
}
