package dev.locklab.checker;

import dev.locklab.history.RunHistory;

import java.util.ArrayList;
import java.util.List;

/**
 * Which checkers judge which scenario, and running them safely. Stateless; every method may be called
 * from any thread.
 *
 * <table>
 *   <caption>Checkers per scenario</caption>
 *   <tr><td>{@code racy-drain}</td><td>exactly-once, liveness</td></tr>
 *   <tr><td>{@code locked-drain}</td><td>exactly-once, liveness, mutual-exclusion</td></tr>
 *   <tr><td>{@code reentrant}</td><td>liveness, mutual-exclusion, reentrancy (it takes no items)</td></tr>
 * </table>
 */
public final class Checkers {
    /** The name of the verdict given when the checkers cannot even be chosen (no spec, unknown scenario). */
    public static final String SELECTION = "checkers";

    private Checkers() {
    }

    /**
     * The checkers for a scenario id, in report order.
     *
     * @throws IllegalArgumentException for an unknown scenario id
     */
    public static List<Checker> forScenario(String scenarioId) {
        if (scenarioId == null) {
            throw new IllegalArgumentException("no scenario id");
        }
        return switch (scenarioId) {
            case "racy-drain" -> List.of(new ExactlyOnceChecker(), new LivenessChecker());
            case "locked-drain" -> List.of(new ExactlyOnceChecker(), new LivenessChecker(),
                    new MutualExclusionChecker());
            case "reentrant" -> List.of(new LivenessChecker(), new MutualExclusionChecker(),
                    new ReentrancyChecker());
            default -> throw new IllegalArgumentException("unknown scenario '" + scenarioId
                    + "' (known: racy-drain, locked-drain, reentrant)");
        };
    }

    /**
     * Judges a history with the checkers of its scenario ({@code h.spec().scenario()}). Never throws:
     * when the scenario is unknown or missing, the result is one UNKNOWN verdict named
     * {@value #SELECTION}; see {@link #judge(RunHistory, List)} for the rest.
     */
    public static List<Verdict> judge(RunHistory h) {
        List<Checker> checkers;
        try {
            checkers = forScenario(h.spec() == null ? null : h.spec().scenario());
        } catch (RuntimeException e) {
            return List.of(Verdict.unknown(SELECTION, "cannot choose checkers: " + describe(e)));
        }
        return judge(h, checkers);
    }

    /**
     * Runs each checker in order and returns one verdict per checker. Never throws: a checker that throws
     * (or returns null) gives an UNKNOWN verdict under its name, with the exception's message.
     */
    public static List<Verdict> judge(RunHistory h, List<Checker> checkers) {
        List<Verdict> out = new ArrayList<>(checkers.size());
        for (Checker c : checkers) {
            String name = safeName(c);
            try {
                Verdict v = c.check(h);
                out.add(v != null ? v : Verdict.unknown(name, "the checker gave no verdict"));
            } catch (RuntimeException | StackOverflowError e) {
                out.add(Verdict.unknown(name, "the checker crashed: " + describe(e)));
            }
        }
        return List.copyOf(out);
    }

    private static String safeName(Checker c) {
        try {
            String n = c.name();
            return n == null ? c.getClass().getSimpleName() : n;
        } catch (RuntimeException e) {
            return c.getClass().getSimpleName();
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }
}
