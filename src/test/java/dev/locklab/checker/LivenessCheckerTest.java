package dev.locklab.checker;

import dev.locklab.checker.Verdict.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LivenessCheckerTest {
    private final Checker checker = new LivenessChecker();

    @Test
    void allWorkersFinished() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 4).seedItems(4);
        for (int i = 1; i <= 4; i++) {
            b.worker("worker-" + i).lockedTake((i - 1) + ":" + (i - 1), 0).lockedEmpty();
        }
        assertThat(checker.check(b.build())).isEqualTo(Verdict.valid("liveness", "all 4 workers finished"));
    }

    @Test
    void strandedWorkerIsNamedWithTheCoordinatorsDescription() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1")
                .stranded("worker-2", "blocked in take() on an empty queue for 1.0 s after the others finished; released");
        b.worker("worker-1").take("1:1");
        b.worker("worker-2").invoke("check").invoke("take");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).isEqualTo("worker-2 was stranded: blocked in take() on an empty queue for 1.0 s "
                + "after the others finished; released");
    }

    @Test
    void unfinishedWorkerIsInvalid() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).unfinished("worker-1", "deadline 60 s passed");
        b.worker("worker-1");
        b.worker("worker-2");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("worker-1 did not finish: deadline 60 s passed");
    }

    @Test
    void fewerWorkersThanExpectedIsInvalid() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 3);
        b.worker("worker-1");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).isEqualTo("only 1 of 3 expected workers joined");
    }
}
