package dev.locklab.checker;

import dev.locklab.history.RunHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code exactly-once}: every seeded item was processed exactly once. Compares the <em>multiset</em> of
 * seeded items with the multiset of items taken (OK {@code take} ops, the release pill excluded), item
 * text by item text, so counts that happen to add up cannot hide a duplicate plus a loss.
 *
 * <ul>
 *   <li>INVALID when an item was taken more often than seeded, taken without being seeded, left on the
 *       queue (not processed), or lost (seeded, no recorded take, not on the queue) beyond what takes of
 *       unknown outcome can explain.</li>
 *   <li>UNKNOWN when the only problem is lost items, and there are at least as many takes of unknown
 *       outcome (an INFO take, or an INVOKE take with no completion: the worker may have popped the item
 *       and died before recording it) as lost items.</li>
 *   <li>VALID otherwise.</li>
 * </ul>
 * Stateless and thread-safe; a pure function of the history.
 */
public final class ExactlyOnceChecker implements Checker {
    public static final String NAME = "exactly-once";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(RunHistory h) {
        ItemTally t = new ItemTally(h);
        String head = Hist.count(t.seededCount, "item", "items") + " seeded, " + t.takenCount + " processed";
        List<String> problems = new ArrayList<>();
        if (!t.lost.isEmpty()) {
            problems.add(Hist.count(t.lost.size(), "item", "items") + " lost (seeded, no recorded take, not on the queue): "
                    + Hist.examples(t.lost));
        }
        if (!t.leftOnQueue.isEmpty()) {
            problems.add(Hist.count(t.leftOnQueue.size(), "item", "items")
                    + " left on the queue, never processed: " + Hist.examples(t.leftOnQueue));
        }
        if (!t.duplicates.isEmpty()) {
            problems.add(Hist.count(t.duplicates.size(), "item", "items") + " taken more than once: "
                    + Hist.examples(describeDuplicates(t.duplicates)));
        }
        if (!t.unseeded.isEmpty()) {
            problems.add(Hist.count(t.unseeded.size(), "take", "takes") + " of items never seeded: "
                    + Hist.examples(t.unseeded));
        }
        if (!t.unexpectedOnQueue.isEmpty()) {
            problems.add(Hist.count(t.unexpectedOnQueue.size(), "item", "items")
                    + " on the queue at the end that were never seeded or already taken: "
                    + Hist.examples(t.unexpectedOnQueue));
        }
        if (problems.isEmpty()) {
            return Verdict.valid(NAME, head + " once each");
        }
        String reason = head + ": " + String.join("; ", problems);
        boolean onlyLost = problems.size() == 1 && !t.lost.isEmpty();
        if (t.unknownTakes > 0) {
            String unknown = Hist.count(t.unknownTakes, "take", "takes") + " by "
                    + String.join(", ", t.unknownTakers) + " had an unknown outcome";
            if (onlyLost && t.lost.size() <= t.unknownTakes) {
                return Verdict.unknown(NAME, reason + "; but " + unknown
                        + " and may have popped the missing items, so the loss is not proven");
            }
            reason += "; " + unknown;
        }
        return Verdict.invalid(NAME, reason);
    }

    private static List<String> describeDuplicates(Map<String, List<String>> dups) {
        return dups.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue().size() + " ("
                        + e.getValue().stream().distinct().collect(Collectors.joining(", ")) + ")")
                .toList();
    }
}
