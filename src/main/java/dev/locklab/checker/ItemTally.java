package dev.locklab.checker;

import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;
import dev.locklab.scenario.WorkerContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The multiset comparison behind {@link ExactlyOnceChecker}: for every distinct item text, how often it
 * was seeded, taken (OK takes, pill excluded) and left on the queue. Items are compared as whole strings
 * ({@code "<id>:<digit>"}), so a duplicate of one item and the loss of another with the same digit are
 * both seen, where a count-only or digit-only comparison would see nothing. Immutable once built;
 * package-private.
 */
final class ItemTally {
    /** Seeded, no recorded take, not on the queue (possibly popped by a worker that died before recording it) (one entry per missing copy). */
    final List<String> lost = new ArrayList<>();
    /** Seeded, never taken, still on the queue when the run ended. */
    final List<String> leftOnQueue = new ArrayList<>();
    /** Seeded but taken more often than seeded: item -> the worker of every take of it. */
    final Map<String, List<String>> duplicates = new LinkedHashMap<>();
    /** Taken although never seeded (one entry per take). */
    final List<String> unseeded = new ArrayList<>();
    /** On the queue at the end more often than seeded-and-not-taken copies explain. */
    final List<String> unexpectedOnQueue = new ArrayList<>();
    final int seededCount;
    final int takenCount;
    /** Takes whose outcome cannot be known: INFO takes, and INVOKE takes with no completion. */
    final int unknownTakes;
    /** Workers with at least one take of unknown outcome. */
    final Set<String> unknownTakers = new LinkedHashSet<>();

    ItemTally(RunHistory h) {
        Map<String, Integer> seeded = multiset(Hist.seeded(h));
        Map<String, Integer> left = multiset(Hist.leftover(h).stream()
                .filter(i -> !WorkerContext.RELEASE_PILL.equals(i)).toList());
        Map<String, List<String>> takers = new LinkedHashMap<>();
        int taken = 0;
        for (Op op : Hist.ops(h)) {
            if (Hist.isItemTake(op)) {
                takers.computeIfAbsent(op.value(), k -> new ArrayList<>()).add(op.worker());
                taken++;
            }
        }
        Set<String> all = new LinkedHashSet<>(seeded.keySet());
        all.addAll(takers.keySet());
        all.addAll(left.keySet());
        for (String item : all) {
            int s = seeded.getOrDefault(item, 0);
            int t = takers.getOrDefault(item, List.of()).size();
            int l = left.getOrDefault(item, 0);
            int missing = Math.max(0, s - t);
            int onQueue = Math.min(missing, l);
            repeat(leftOnQueue, item, onQueue);
            repeat(lost, item, missing - onQueue);
            repeat(unexpectedOnQueue, item, l - onQueue);
            if (s == 0) {
                repeat(unseeded, item, t);
            } else if (t > s) {
                duplicates.put(item, List.copyOf(takers.get(item)));
            }
        }
        this.seededCount = Hist.seeded(h).size();
        this.takenCount = taken;
        this.unknownTakes = countUnknownTakes(Hist.ops(h));
    }

    /** Per worker (each worker's ops are in its own order): INFO takes plus INVOKEs never completed. */
    private int countUnknownTakes(List<Op> ops) {
        Map<String, Integer> pending = new HashMap<>();
        int info = 0;
        for (Op op : ops) {
            if (!"take".equals(op.f())) {
                continue;
            }
            if (op.type() == Op.Type.INVOKE) {
                pending.merge(op.worker(), 1, Integer::sum);
                continue;
            }
            pending.computeIfPresent(op.worker(), (w, n) -> n > 1 ? n - 1 : null);
            if (op.type() == Op.Type.INFO) {
                info++;
                unknownTakers.add(op.worker());
            }
        }
        pending.keySet().forEach(unknownTakers::add);
        return info + pending.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Integer> multiset(List<String> items) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String i : items) {
            m.merge(i, 1, Integer::sum);
        }
        return m;
    }

    private static void repeat(List<String> into, String item, int times) {
        for (int i = 0; i < times; i++) {
            into.add(item);
        }
    }
}
