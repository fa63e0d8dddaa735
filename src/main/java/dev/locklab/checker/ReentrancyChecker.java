package dev.locklab.checker;

import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code reentrancy} (scenario {@code reentrant}): every worker re-acquired the lock it already held up
 * to hold count {@value #DEPTH} (an OK {@code acquire} with value {@code "5"}) and then released it back
 * to 0 (an OK {@code release} with value {@code "0"}, after that acquire).
 *
 * <ul>
 *   <li>INVALID: a FAIL {@code acquire} (e.g. a non-reentrant lock refusing its own holder's second
 *       acquire within the timeout), quoting the op's note; or a worker that never reached
 *       {@value #DEPTH}, or never got back to 0.</li>
 *   <li>UNKNOWN: no worker recorded anything.</li>
 * </ul>
 * The workers judged are those that joined plus any that recorded ops, except {@code coordinator}
 * (which holds the lock once and is judged by mutual exclusion). Stateless and thread-safe.
 */
public final class ReentrancyChecker implements Checker {
    public static final String NAME = "reentrancy";
    /** The lesson's depth: five acquires in a row, then five releases. */
    public static final int DEPTH = 5;
    static final String COORDINATOR = "coordinator";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(RunHistory h) {
        Map<String, List<Op>> byWorker = new LinkedHashMap<>();
        Hist.joined(h).forEach(w -> byWorker.put(w, new ArrayList<>()));
        for (Op op : Hist.ops(h)) {
            byWorker.computeIfAbsent(op.worker(), k -> new ArrayList<>()).add(op);
        }
        byWorker.remove(COORDINATOR);
        if (byWorker.isEmpty()) {
            return Verdict.unknown(NAME, "no worker recorded anything, so reentrancy cannot be judged");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Op>> e : byWorker.entrySet()) {
            String problem = judge(e.getKey(), e.getValue());
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            return Verdict.invalid(NAME, String.join("; ", problems));
        }
        Set<String> names = byWorker.keySet();
        return Verdict.valid(NAME, (names.size() == 1 ? "the worker" : "all " + names.size() + " workers")
                + " re-acquired the lock to hold count " + DEPTH + " and released it back to 0");
    }

    /** The first problem of one worker's history, or null. */
    private static String judge(String worker, List<Op> ops) {
        int max = 0;
        boolean reachedDepth = false;
        boolean backToZero = false;
        String lastRelease = null;
        for (Op op : ops) {
            if (op.is(Op.Type.FAIL, "acquire")) {
                return worker + "'s acquire at hold count " + max + " failed"
                        + (op.note() == null ? "" : ": \"" + op.note() + "\"");
            }
            if (op.is(Op.Type.OK, "acquire")) {
                int n = holdCount(op);
                max = Math.max(max, n);
                reachedDepth |= n == DEPTH;
            }
            if (op.is(Op.Type.OK, "release")) {
                lastRelease = op.value();
                backToZero |= reachedDepth && holdCount(op) == 0;
            }
        }
        if (!reachedDepth) {
            return worker + " never reached hold count " + DEPTH + " (highest: " + max + ")";
        }
        if (!backToZero) {
            return worker + " reached hold count " + DEPTH + " but never released back to 0"
                    + (lastRelease == null ? " (no release recorded)" : " (its last release left " + lastRelease + ")");
        }
        return null;
    }

    private static int holdCount(Op op) {
        try {
            return op.value() == null ? -1 : Integer.parseInt(op.value().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
