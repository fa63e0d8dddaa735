package dev.locklab.metrics;

import dev.locklab.checker.Verdict;
import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the coordinator re-exports about one judged run. Immutable.
 *
 * @param run      run id
 * @param scenario scenario id
 * @param lock     lock backend id ({@value Meters#NO_LOCK} for a scenario that takes no lock; normalized)
 * @param verdict  the run's overall verdict
 * @param duration start signal to last worker finished
 * @param items    worker -> items it took (every joined worker, 0 included)
 * @param stranded workers declared stranded and released
 * @param endedAt  when the run was judged
 */
public record FinishedRun(String run, String scenario, String lock, Verdict.Status verdict, Duration duration,
                          Map<String, Long> items, Set<String> stranded, Instant endedAt) {

    public FinishedRun {
        lock = Meters.lockTag(scenario, lock);
    }

    /** Counts each worker's items (OK takes that are not the release pill) from the judged history. */
    public static FinishedRun of(RunHistory h, Verdict.Status verdict) {
        Map<String, Long> items = new TreeMap<>();
        for (String w : h.joined()) {
            items.put(w, 0L);
        }
        for (String w : h.stranded().keySet()) {
            items.putIfAbsent(w, 0L);
        }
        for (Op op : h.ops()) {
            if (op.is(Op.Type.OK, "take") && !Meters.RELEASE_PILL.equals(op.value())) {
                items.merge(op.worker(), 1L, Long::sum);
            }
        }
        return new FinishedRun(h.spec().runId(), h.spec().scenario(), h.spec().lock(), verdict,
                Duration.ofNanos(h.durationNanos()), Map.copyOf(items), Set.copyOf(h.stranded().keySet()),
                Instant.now());
    }
}
