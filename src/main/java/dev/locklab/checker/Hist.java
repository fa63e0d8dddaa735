package dev.locklab.checker;

import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;
import dev.locklab.scenario.WorkerContext;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Null-tolerant views of a {@link RunHistory} (a partial history, e.g. from an interrupted run, may
 * lack parts) and small text helpers shared by the checkers. Stateless; package-private.
 */
final class Hist {
    /** How many example ids a reason quotes at most. */
    static final int EXAMPLES = 5;

    private Hist() {
    }

    static List<Op> ops(RunHistory h) {
        return h.ops() == null ? List.of() : h.ops();
    }

    static List<String> seeded(RunHistory h) {
        return h.seeded() == null ? List.of() : h.seeded();
    }

    static List<String> leftover(RunHistory h) {
        return h.leftover() == null ? List.of() : h.leftover();
    }

    static List<String> joined(RunHistory h) {
        return h.joined() == null ? List.of() : h.joined();
    }

    static Map<String, String> stranded(RunHistory h) {
        return h.stranded() == null ? Map.of() : h.stranded();
    }

    static Map<String, String> unfinished(RunHistory h) {
        return h.unfinished() == null ? Map.of() : h.unfinished();
    }

    /** True for an OK {@code take} that delivered a real item (not the coordinator's release pill). */
    static boolean isItemTake(Op op) {
        return op.is(Op.Type.OK, "take") && op.value() != null && !WorkerContext.RELEASE_PILL.equals(op.value());
    }

    /** {@code n} followed by the singular or plural noun: "1 item", "3 items". */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** Up to {@link #EXAMPLES} of the values, comma-separated, with ", ..." when some were left out. */
    static String examples(Collection<String> values) {
        String head = values.stream().limit(EXAMPLES).collect(Collectors.joining(", "));
        return values.size() > EXAMPLES ? head + ", ..." : head;
    }
}
