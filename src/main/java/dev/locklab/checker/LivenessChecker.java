package dev.locklab.checker;

import dev.locklab.history.RunHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code liveness}: every expected worker joined and finished. INVALID when a worker was stranded
 * (blocked in {@code take()} on an empty queue after the others finished; named with the coordinator's
 * description), when a worker had not finished at the end of the run, or when fewer workers joined than
 * the spec expected. Judges only what the coordinator recorded ({@link RunHistory#stranded()},
 * {@link RunHistory#unfinished()}, {@link RunHistory#joined()}, {@code spec.workers()}).
 * Stateless and thread-safe; a pure function of the history.
 */
public final class LivenessChecker implements Checker {
    public static final String NAME = "liveness";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(RunHistory h) {
        List<String> problems = new ArrayList<>();
        Map<String, String> stranded = Hist.stranded(h);
        Map<String, String> unfinished = Hist.unfinished(h);
        stranded.forEach((w, why) -> problems.add(w + " was stranded" + because(why)));
        unfinished.forEach((w, why) -> problems.add(w + " did not finish" + because(why)));
        int joined = Hist.joined(h).size();
        int expected = h.spec() == null ? joined : h.spec().workers();
        if (joined < expected) {
            problems.add("only " + joined + " of " + Hist.count(expected, "expected worker", "expected workers")
                    + " joined");
        }
        if (!problems.isEmpty()) {
            return Verdict.invalid(NAME, String.join("; ", problems));
        }
        if (joined == 0) {
            return Verdict.valid(NAME, "no worker was expected");
        }
        return Verdict.valid(NAME, joined == 1 ? "the 1 worker finished"
                : "all " + joined + " workers finished");
    }

    private static String because(String why) {
        return why == null || why.isBlank() ? "" : ": " + why;
    }
}
