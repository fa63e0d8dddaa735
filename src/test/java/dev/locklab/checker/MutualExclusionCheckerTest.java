package dev.locklab.checker;

import dev.locklab.checker.Verdict.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MutualExclusionCheckerTest {
    private final Checker checker = new MutualExclusionChecker();

    @Test
    void cleanLockedRunIsValid() {
        Verdict v = checker.check(ExactlyOnceCheckerTest.cleanLockedRun(10).build());
        assertThat(v).isEqualTo(Verdict.valid("mutual-exclusion",
                "12 critical sections by 2 workers, none overlapping"));
    }

    @Test
    void overlapIsInvalidAndNamesBothWorkersAndSeqs() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2);
        HistoryBuilder.W w1 = b.worker("worker-1");
        HistoryBuilder.W w2 = b.worker("worker-2");
        w1.enter(1);
        w2.enter(2);
        w1.exit(3);
        w2.exit(4);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).isEqualTo("1 overlap of the critical section: worker-2 entered at seq 2 while "
                + "worker-1 was inside (entered at seq 1, exited at seq 3)");
    }

    @Test
    void orderComesFromSeqNotFromListOrderOrTimes() {
        // The list (and each worker's time) suggests worker-1 finished before worker-2 started;
        // the run-wide seq shows worker-2 entered (2) and left (3) while worker-1 was inside (1..4).
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2);
        b.worker("worker-1").at(0).enter(1).at(10).exit(4);
        b.worker("worker-2").at(1_000_000_000L).enter(2).exit(3);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("worker-2 entered at seq 2 while worker-1 was inside (entered at seq 1, exited at seq 4)");

        // And the reverse: listed "overlapping", but the seqs are disjoint.
        HistoryBuilder c = HistoryBuilder.run("locked-drain", 2);
        c.worker("worker-2").enter(3).exit(4);
        c.worker("worker-1").enter(1).exit(2);
        assertThat(checker.check(c.build()).status()).isEqualTo(Status.VALID);
    }

    @Test
    void crashedHolderIsNotAnOverlap() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).unfinished("worker-1", "killed");
        b.worker("worker-1").acquire(0, 1).enter(1);
        b.worker("worker-2").acquire(30_000_000_000L, 1).enter(2).exit(3).release(0);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.VALID);
        assertThat(v.reason()).startsWith("1 critical section by 2 workers, none overlapping; note: ")
                .contains("worker-2 entered at seq 2 while worker-1 (entered at seq 1) never recorded an exit");
    }

    @Test
    void coordinatorIsIncluded() {
        HistoryBuilder b = HistoryBuilder.run("reentrant", 1);
        b.worker("coordinator").enter(1);
        b.worker("worker-1").enter(2).exit(3);
        b.worker("coordinator").exit(4);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("worker-1 entered at seq 2 while coordinator was inside");
    }

    @Test
    void brokenStampsAreUnknown() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 1);
        b.worker("worker-1").exit(1).enter(2).exit(3);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.UNKNOWN);
        assertThat(v.reason()).contains("worker-1 exited at seq 1 without having entered");
    }

    @Test
    void noStampsAtAllIsUnknown() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 1).seed("1:1");
        b.worker("worker-1").take("1:1");
        assertThat(checker.check(b.build()).status()).isEqualTo(Status.UNKNOWN);
    }
}
