package dev.locklab.coord;

import dev.locklab.checker.Checkers;
import dev.locklab.checker.Verdict;
import dev.locklab.config.RunSpec;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same scenarios as threads on ReentrantLock + LinkedBlockingQueue: no Redis. */
class ThreadLabTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ThreadLab lab = new ThreadLab(Instrumentation.NONE, new PrintStream(printed, true, StandardCharsets.UTF_8));

    static RunSpec spec(String scenario, String lock, int workers, int items, Duration gap, Duration hold) {
        return new RunSpec("t-" + scenario, scenario, lock, workers, items, 42, gap, Duration.ofMillis(1), hold,
                Duration.ofMillis(300), Duration.ZERO, Duration.ofSeconds(30), Duration.ofMillis(300));
    }

    private static Verdict verdict(RunHistory h, String checker) {
        return Checkers.judge(h).stream().filter(v -> v.checker().equals(checker)).findFirst().orElseThrow();
    }

    @Test
    void racyDrainWithAWideGapStrandsAThreadWhichIsNamedAndReleased() throws Exception {
        RunHistory h = lab.runRound(spec("racy-drain", "reentrant", 2, 20, Duration.ofMillis(30), Duration.ZERO));
        assertThat(h.stranded()).hasSize(1);
        assertThat(verdict(h, "liveness").status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(verdict(h, "liveness").reason()).contains(h.stranded().keySet().iterator().next());
        assertThat(verdict(h, "exactly-once").status()).isEqualTo(Verdict.Status.VALID);
    }

    @Test
    void lockedDrainIsValidForEveryLocalBackend() throws Exception {
        for (String lock : List.of("reentrant", "fair", "non-reentrant", "semaphore")) {
            RunHistory h = lab.runRound(spec("locked-drain", lock, 4, 100, Duration.ZERO, Duration.ZERO));
            List<Verdict> vs = Checkers.judge(h);
            assertThat(Verdict.worst(vs)).as(lock + ": " + vs).isEqualTo(Verdict.Status.VALID);
            assertThat(vs).extracting(Verdict::checker).contains("exactly-once", "liveness", "mutual-exclusion");
        }
    }

    @Test
    void reentrantDemoReachesDepthFiveInContiguousBlocks() throws Exception {
        RunHistory h = lab.runRound(spec("reentrant", "reentrant", 2, 0, Duration.ZERO, Duration.ofMillis(200)));
        assertThat(Verdict.worst(Checkers.judge(h))).isEqualTo(Verdict.Status.VALID);
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("I am ")).toList();
        assertThat(lines).hasSize(10);
        for (int b = 0; b < 2; b++) {
            String first = lines.get(b * 5);
            String worker = first.substring("I am ".length(), first.indexOf(" (hold"));
            for (int k = 0; k < 5; k++) {
                assertThat(lines.get(b * 5 + k)).isEqualTo("I am " + worker + " (hold count " + (k + 1) + ")");
            }
        }
    }

    @Test
    void aNonReentrantLockRefusesTheSecondAcquireInsteadOfHanging() throws Exception {
        RunHistory h = lab.runRound(spec("reentrant", "non-reentrant", 2, 0, Duration.ZERO, Duration.ofMillis(50)));
        assertThat(verdict(h, "reentrancy").status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(h.unfinished()).isEmpty();
    }
}
