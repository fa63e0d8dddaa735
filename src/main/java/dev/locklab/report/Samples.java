package dev.locklab.report;

import dev.locklab.history.Op;
import dev.locklab.scenario.WorkerContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw numbers behind {@link WorkerStats}: items taken, acquisitions, lock waits and hold times, in
 * nanoseconds. Holds are measured inside one worker (its own monotonic {@code time}): from an OK
 * {@code enter} to that worker's next OK {@code exit}; an enter with no exit adds no hold. Built once,
 * then only read; package-private.
 */
final class Samples {
    int items;
    int acquisitions;
    final List<Long> waits = new ArrayList<>();
    final List<Long> holds = new ArrayList<>();

    /** Samples of any mix of workers' ops (each worker's ops in its own order). */
    static Samples of(List<Op> ops) {
        Samples s = new Samples();
        Map<String, Long> enteredAt = new HashMap<>();
        for (Op op : ops) {
            if (op.type() != Op.Type.OK) {
                continue;
            }
            switch (op.f()) {
                case "take" -> {
                    if (op.value() != null && !WorkerContext.RELEASE_PILL.equals(op.value())) {
                        s.items++;
                    }
                }
                case "acquire" -> {
                    s.acquisitions++;
                    if (op.waitNanos() >= 0) {
                        s.waits.add(op.waitNanos());
                    }
                }
                case "enter" -> enteredAt.put(op.worker(), op.time());
                case "exit" -> {
                    Long t = enteredAt.remove(op.worker());
                    if (t != null && op.time() >= t) {
                        s.holds.add(op.time() - t);
                    }
                }
                default -> { }
            }
        }
        return s;
    }

    WorkerStats stats(String worker, boolean stranded, boolean unfinished) {
        return new WorkerStats(worker, items, acquisitions,
                Percentiles.millis(Percentiles.nearestRank(waits, 50)),
                Percentiles.millis(Percentiles.nearestRank(waits, 99)),
                Percentiles.millis(Percentiles.nearestRank(waits, 100)),
                Percentiles.millis(Percentiles.nearestRank(holds, 50)),
                Percentiles.millis(Percentiles.nearestRank(holds, 100)),
                stranded, unfinished);
    }
}
