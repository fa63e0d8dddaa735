package dev.locklab.checker;

import dev.locklab.checker.Verdict.Status;
import dev.locklab.history.RunHistory;
import dev.locklab.scenario.WorkerContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExactlyOnceCheckerTest {
    private final Checker checker = new ExactlyOnceChecker();

    /** Two workers alternate under the lock over the seeded items, then both see the queue empty. */
    static HistoryBuilder cleanLockedRun(int items) {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).seedItems(items);
        HistoryBuilder.W w1 = b.worker("worker-1");
        HistoryBuilder.W w2 = b.worker("worker-2");
        List<String> seeded = b.seeded();
        for (int i = 0; i < seeded.size(); i++) {
            (i % 2 == 0 ? w1 : w2).lockedTake(seeded.get(i), 1000L * (i + 1));
        }
        w1.lockedEmpty();
        w2.lockedEmpty();
        return b;
    }

    @Test
    void cleanRunIsValid() {
        Verdict v = checker.check(cleanLockedRun(100).build());
        assertThat(v).isEqualTo(Verdict.valid("exactly-once", "100 items seeded, 100 processed once each"));
    }

    @Test
    void lostItemIsInvalidAndNamed() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 1).seed("1:4", "2:7", "3:0");
        b.worker("worker-1").lockedTake("1:4", 0).lockedTake("3:0", 0).lockedEmpty();
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).startsWith("3 items seeded, 2 processed").contains("1 item lost", "2:7");
    }

    @Test
    void itemsLeftOnTheQueueAreNotProcessed() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 1).seed("1:1", "2:2", "3:3").leftover("3:3");
        b.worker("worker-1").take("1:1").take("2:2");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("1 item left on the queue, never processed: 3:3").doesNotContain("lost");
    }

    @Test
    void duplicateIsInvalidAndNamesTheTakers() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1", "2:2");
        b.worker("worker-1").take("1:1").take("2:2");
        b.worker("worker-2").take("2:2");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("1 item taken more than once: 2:2 x2 (worker-1, worker-2)");
    }

    @Test
    void duplicatePlusLossOfTheSameDigitIsCaughtWhereCountsAndDigitsAgree() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:3", "2:3", "3:7");
        b.worker("worker-1").take("1:3").take("3:7");
        b.worker("worker-2").take("1:3");
        RunHistory h = b.build();
        List<String> taken = h.ops().stream().filter(Hist::isItemTake).map(op -> op.value()).toList();
        // A count-only or digit-only comparison would be fooled:
        assertThat(taken).hasSameSizeAs(h.seeded());
        assertThat(digits(taken)).containsExactlyInAnyOrderElementsOf(digits(h.seeded()));

        Verdict v = checker.check(h);
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("1 item lost (seeded, no recorded take, not on the queue): 2:3", "1:3 x2");
    }

    @Test
    void takeOfAnItemNeverSeededIsInvalid() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 1).seed("1:1");
        b.worker("worker-1").take("1:1").take("99:9");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("1 take of items never seeded: 99:9");
    }

    @Test
    void missingItemExplainedByAnUncompletedTakeIsUnknown() {
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).seed("1:1", "2:2", "3:3");
        b.worker("worker-1").lockedTake("1:1", 0).lockedTake("2:2", 0);
        b.worker("worker-2").acquire(0, 1).enter().invoke("take");
        Verdict v = checker.check(b.unfinished("worker-2", "killed").build());
        assertThat(v.status()).isEqualTo(Status.UNKNOWN);
        assertThat(v.reason()).contains("1 item lost", "3:3", "1 take by worker-2 had an unknown outcome");
    }

    @Test
    void missingItemExplainedByAnInfoTakeIsUnknown() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1", "2:2");
        b.worker("worker-1").take("1:1");
        b.worker("worker-2").takeInfo("interrupted while blocked in take()");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void moreLostItemsThanUnknownTakesIsInvalid() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1", "2:2", "3:3");
        b.worker("worker-1").take("1:1");
        b.worker("worker-2").invoke("take");
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("2 items lost", "unknown outcome");
    }

    @Test
    void duplicateStaysInvalidEvenWithUnknownTakes() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1", "2:2");
        b.worker("worker-1").take("1:1").take("1:1");
        b.worker("worker-2").invoke("take");
        assertThat(checker.check(b.build()).status()).isEqualTo(Status.INVALID);
    }

    @Test
    void releasePillIsNotAnItem() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1", "2:2")
                .leftover(WorkerContext.RELEASE_PILL).stranded("worker-2", "blocked in take()");
        b.worker("worker-1").take("1:1").take("2:2");
        b.worker("worker-2").takePill();
        Verdict v = checker.check(b.build());
        assertThat(v).isEqualTo(Verdict.valid("exactly-once", "2 items seeded, 2 processed once each"));
    }

    @Test
    void aLossInARunWithAReleasedWorkerIsInvalidNotUnknown() {
        // the pill's take has a known outcome (no item), so it cannot excuse a missing item
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 2).seed("1:1", "2:2", "3:3")
                .leftover(WorkerContext.RELEASE_PILL).stranded("worker-2", "blocked in take()");
        b.worker("worker-1").take("1:1").take("2:2");
        b.worker("worker-2").takePill();
        Verdict v = checker.check(b.build());
        assertThat(v.status()).isEqualTo(Status.INVALID);
        assertThat(v.reason()).contains("1 item lost").doesNotContain("unknown outcome");
    }

    @Test
    void reasonQuotesAtMostFiveExamples() {
        HistoryBuilder b = HistoryBuilder.run("racy-drain", 1).seedItems(20);
        b.worker("worker-1").take("0:0");
        Verdict v = checker.check(b.build());
        assertThat(v.reason()).contains("19 items lost (seeded, no recorded take, not on the queue): 1:1, 2:2, 3:3, 4:4, 5:5, ...")
                .doesNotContain("6:6");
    }

    private static List<Character> digits(List<String> items) {
        return items.stream().map(i -> i.charAt(i.length() - 1)).toList();
    }
}
