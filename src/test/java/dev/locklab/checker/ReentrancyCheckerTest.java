package dev.locklab.checker;

import dev.locklab.checker.Verdict.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReentrancyCheckerTest {
    private final Checker checker = new ReentrancyChecker();

    /** The RLock demo: the coordinator holds first, then each worker goes 0 -> 5 -> 0. */
    static HistoryBuilder cleanReentrantRun(String... workers) {
        HistoryBuilder b = HistoryBuilder.run("reentrant", workers.length);
        b.worker("coordinator").acquire(0, 1).enter().invoke("hold").op(dev.locklab.history.Op.Type.OK, "hold",
                "3000", -1, -1, null).exit().release(0);
        for (String w : workers) {
            HistoryBuilder.W x = b.worker(w).acquire(3_000_000_000L, 1).enter();
            for (int n = 2; n <= 5; n++) {
                x.acquire(0, n);
            }
            for (int n = 4; n >= 1; n--) {
                x.release(n);
            }
            x.exit().release(0);
        }
        return b;
    }

    @Test
    void everyWorkerReachedFiveAndBackIsValid() {
        Verdict v = checker.check(cleanReentrantRun("worker-1", "worker-2").build());
        assertThat(v).isEqualTo(Verdict.valid("reentrancy",
                "all 2 workers re-acquired the lock to hold count 5 and released it back to 0"));
    }

    @Test
    void nonReentrantLockRefusingItsHolderIsInvalidAndQuotesTheNote() {
        HistoryBuilder b = cleanReentrantRun("worker-1");
        b.worker("worker-2").acquire(0, 1).enter()
                .acquireFail("tryLock(1s) by the holder itself returned false: this lock is not reentrant")
                .exit().release(0);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).isEqualTo("worker-2's acquire at hold count 1 failed: \"tryLock(1s) by the holder "
                + "itself returned false: this lock is not reentrant\"");
    }

    @Test
    void neverReleasedBackToZeroIsInvalid() {
        HistoryBuilder b = HistoryBuilder.run("reentrant", 1);
        HistoryBuilder.W w = b.worker("worker-1");
        for (int n = 1; n <= 5; n++) {
            w.acquire(0, n);
        }
        w.release(4).release(3);
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).isEqualTo("worker-1 reached hold count 5 but never released back to 0 "
                + "(its last release left 3)");
    }

    @Test
    void neverReachedFiveIsInvalid() {
        HistoryBuilder b = HistoryBuilder.run("reentrant", 1).unfinished("worker-1", "deadline passed");
        b.worker("worker-1").acquire(0, 1).acquire(0, 2).invoke("acquire");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).isEqualTo("worker-1 never reached hold count 5 (highest: 2)");
    }
}
