package dev.locklab.report;

import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the report: what one worker did, or the {@value #TOTAL} row over all workers (the
 * coordinator included where it recorded ops). Immutable.
 *
 * @param worker       worker id, or {@value #TOTAL}
 * @param items        items taken (OK takes, the release pill excluded)
 * @param acquisitions OK lock acquires (a reentrant re-acquire counts)
 * @param waitP50      lock wait, nearest-rank median, ms (from the {@code waitNanos} of OK acquires)
 * @param waitP99      lock wait, nearest-rank 99th percentile, ms
 * @param waitMax      longest lock wait, ms
 * @param holdP50      critical-section time, median, ms ({@code exit.time - enter.time} of the same worker)
 * @param holdMax      longest critical-section time, ms
 * @param stranded     the coordinator found it stranded (total row: any worker was)
 * @param unfinished   it had not finished when the run ended (total row: any worker had not)
 */
public record WorkerStats(String worker, int items, int acquisitions, double waitP50, double waitP99,
                          double waitMax, double holdP50, double holdMax, boolean stranded,
                          boolean unfinished) {
    /** The worker name of the total row. */
    public static final String TOTAL = "total";

    /**
     * One row per worker of the run, in this order: joined workers in join order, then any other worker
     * that recorded ops (e.g. {@code coordinator}), then stranded/unfinished workers not seen otherwise.
     * Tolerates a partial history (missing lists).
     */
    public static List<WorkerStats> perWorker(RunHistory h) {
        List<Op> ops = h.ops() == null ? List.of() : h.ops();
        Map<String, String> stranded = h.stranded() == null ? Map.of() : h.stranded();
        Map<String, String> unfinished = h.unfinished() == null ? Map.of() : h.unfinished();
        Set<String> names = new LinkedHashSet<>(h.joined() == null ? List.of() : h.joined());
        ops.forEach(op -> names.add(op.worker()));
        names.addAll(stranded.keySet());
        names.addAll(unfinished.keySet());
        List<WorkerStats> rows = new ArrayList<>(names.size());
        for (String w : names) {
            List<Op> mine = ops.stream().filter(op -> w.equals(op.worker())).toList();
            rows.add(Samples.of(mine).stats(w, stranded.containsKey(w), unfinished.containsKey(w)));
        }
        return List.copyOf(rows);
    }

    /** The total row: percentiles over every acquisition and critical section of the run. */
    public static WorkerStats total(RunHistory h) {
        List<Op> ops = h.ops() == null ? List.of() : h.ops();
        boolean anyStranded = h.stranded() != null && !h.stranded().isEmpty();
        boolean anyUnfinished = h.unfinished() != null && !h.unfinished().isEmpty();
        return Samples.of(ops).stats(TOTAL, anyStranded, anyUnfinished);
    }
}
