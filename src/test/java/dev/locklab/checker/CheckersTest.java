package dev.locklab.checker;

import dev.locklab.checker.Verdict.Status;
import dev.locklab.history.RunHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckersTest {

    @Test
    void eachScenarioHasItsCheckers() {
        assertThat(names("racy-drain")).containsExactly("exactly-once", "liveness");
        assertThat(names("locked-drain")).containsExactly("exactly-once", "liveness", "mutual-exclusion");
        assertThat(names("reentrant")).containsExactly("liveness", "mutual-exclusion", "reentrancy");
        assertThatThrownBy(() -> Checkers.forScenario("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'nope'");
    }

    @Test
    void cleanLockedRunIsValidEverywhere() {
        List<Verdict> vs = Checkers.judge(ExactlyOnceCheckerTest.cleanLockedRun(20).build());
        assertThat(vs).extracting(Verdict::status).containsOnly(Status.VALID);
        assertThat(Verdict.worst(vs)).isEqualTo(Status.VALID);
    }

    @Test
    void cleanReentrantRunIsValidEverywhere() {
        List<Verdict> vs = Checkers.judge(ReentrancyCheckerTest.cleanReentrantRun("worker-1", "worker-2").build());
        assertThat(vs).hasSize(3).extracting(Verdict::status).containsOnly(Status.VALID);
    }

    @Test
    void throwingCheckerGivesUnknownAndTheOthersStillRun() {
        Checker boom = new Checker() {
            public String name() {
                return "boom";
            }

            public Verdict check(RunHistory h) {
                throw new IllegalStateException("history has no ops for worker-9");
            }
        };
        RunHistory h = ExactlyOnceCheckerTest.cleanLockedRun(4).build();
        List<Verdict> vs = Checkers.judge(h, List.of(boom, new LivenessChecker()));
        assertThat(vs.get(0)).isEqualTo(Verdict.unknown("boom",
                "the checker crashed: IllegalStateException: history has no ops for worker-9"));
        assertThat(vs.get(1).status()).isEqualTo(Status.VALID);
        assertThat(Verdict.worst(vs)).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void checkerReturningNullGivesUnknown() {
        Checker silent = new Checker() {
            public String name() {
                return "silent";
            }

            public Verdict check(RunHistory h) {
                return null;
            }
        };
        assertThat(Checkers.judge(ExactlyOnceCheckerTest.cleanLockedRun(1).build(), List.of(silent)))
                .containsExactly(Verdict.unknown("silent", "the checker gave no verdict"));
    }

    @Test
    void unknownScenarioOrMissingSpecGivesUnknownInsteadOfThrowing() {
        RunHistory h = HistoryBuilder.run("no-such-scenario", 1).build();
        assertThat(Checkers.judge(h)).singleElement().satisfies(v -> {
            assertThat(v.checker()).isEqualTo("checkers");
            assertThat(v.status()).isEqualTo(Status.UNKNOWN);
            assertThat(v.reason()).contains("no-such-scenario");
        });
        RunHistory noSpec = new RunHistory(null, null, null, null, null, null, null, 0);
        assertThat(Checkers.judge(noSpec)).extracting(Verdict::status).containsExactly(Status.UNKNOWN);
        // and a checker on a history with missing parts does not crash
        assertThat(new ExactlyOnceChecker().check(noSpec).status()).isEqualTo(Status.VALID);
    }

    @Test
    void worstVerdictWins() {
        // locked-drain: an unknown-outcome take (exactly-once UNKNOWN) and an overlap (INVALID)
        HistoryBuilder b = HistoryBuilder.run("locked-drain", 2).seed("1:1", "2:2");
        b.worker("worker-1").acquire(0, 1).enter(1).take("1:1");
        b.worker("worker-2").acquire(0, 1).enter(2).invoke("take");
        b.worker("worker-1").exit(3).release(0);
        List<Verdict> vs = Checkers.judge(b.unfinished("worker-2", "killed").build());
        assertThat(vs).extracting(Verdict::status)
                .containsExactly(Status.UNKNOWN, Status.INVALID, Status.INVALID);
        assertThat(Verdict.worst(vs)).isEqualTo(Status.INVALID);
        assertThat(Verdict.worst(vs).exitCode()).isEqualTo(1);

        List<Verdict> unknownOnly = List.of(Verdict.valid("a", ""), Verdict.unknown("b", ""));
        assertThat(Verdict.worst(unknownOnly)).isEqualTo(Status.UNKNOWN);
        assertThat(Verdict.worst(unknownOnly).exitCode()).isEqualTo(2);
        assertThat(Verdict.worst(List.of(Verdict.valid("a", "")))).isEqualTo(Status.VALID);
    }

    private static List<String> names(String scenario) {
        return Checkers.forScenario(scenario).stream().map(Checker::name).toList();
    }
}
