package dev.locklab.metrics;

import dev.locklab.checker.Verdict;
import dev.locklab.config.RunSpec;
import dev.locklab.coord.Instrumentation;
import dev.locklab.history.OpListener;
import dev.locklab.history.RunHistory;

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

    /** Everything about a judged run, per-worker items and stranded workers included. */
    @Override
    public void runFinished(RunHistory history, Verdict.Status status) {
        metrics.coordinator(history.spec().lock()).runFinished(history, status);
    }

    @Override
    public void queueDepth(RunSpec spec, long depth) {
        metrics.coordinator(spec.lock()).queueDepth(depth);
    }
}
