package dev.locklab.metrics;

import dev.locklab.checker.Verdict;
import dev.locklab.config.RunSpec;
import dev.locklab.coord.Instrumentation;
import dev.locklab.history.OpListener;
import dev.locklab.history.RunHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * The runtime's {@link Instrumentation} backed by {@link LabMetrics}: per worker and run a
 * {@link RunMeters} (metered lock, op listener, closed when the worker's scenario ends); on the
 * coordinator side runs finished, race rate, queue depth and the re-export of finished runs.
 *
 * <p>Thread-safe, like {@link LabMetrics}: one instance per process, shared by all its workers.
 */
public final class LabInstrumentation implements Instrumentation {
    private final LabMetrics metrics;

    public LabInstrumentation(LabMetrics metrics) {
        this.metrics = metrics;
    }

    public LabMetrics metrics() {
        return metrics;
    }

    @Override
    public RunHooks forRun(RunSpec spec, String worker) {
        RunMeters m = metrics.forRun(spec.runId(), spec.scenario(), worker, spec.lock());
        return new RunHooks() {
            @Override
            public Lock decorate(Lock lock) {
                return m.decorate(lock);
            }

            @Override
            public OpListener listener() {
                return m.listener();
            }

            @Override
            public void finished() {
                m.close();
            }
        };
    }

    /**
     * Prefer {@link #runFinished(RunHistory, Verdict.Status)}: without the history the per-worker
     * item counts of the run cannot be re-exported (only counters, race rate, duration-less row).
     */
    @Override
    public void runFinished(RunSpec spec, Verdict.Status status, int stranded) {
        metrics.coordinator(spec.lock()).runFinished(new FinishedRun(spec.runId(), spec.scenario(), spec.lock(),
                status, Duration.ZERO, Map.of(), Set.of(), Instant.now()));
    }

    /** Everything about a judged run, per-worker items and stranded workers included. */
    public void runFinished(RunHistory history, Verdict.Status status) {
        metrics.coordinator(history.spec().lock()).runFinished(history, status);
    }

    @Override
    public void queueDepth(RunSpec spec, long depth) {
        metrics.coordinator(spec.lock()).queueDepth(depth);
    }
}
