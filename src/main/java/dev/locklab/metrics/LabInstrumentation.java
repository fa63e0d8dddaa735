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
        RunMeters m = metrics.forRun(spec.runId(), spec.scenario(), worker, Meters.lockTag(spec.scenario(), spec.lock()));
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
     * Registers the coordinator's meters now, at 0 (runs finished, race rate and queue depth for every
     * scenario), so a dashboard shows 0 rather than "no data" before the first round ends. Call it when
     * a coordinator's endpoint starts ({@code run}, {@code coordinator}); idempotent.
     *
     * @param lock the {@code --lock} backend id of this coordinator's runs
     */
    public CoordinatorMeters registerCoordinator(String lock) {
        return metrics.coordinator(lock);
    }

    /** Everything about a judged run, per-worker items and stranded workers included. */
    @Override
    public void runFinished(RunHistory history, Verdict.Status status) {
        metrics.coordinator(history.spec().lock()).runFinished(history, status);
    }

    @Override
    public void queueDepth(RunSpec spec, long depth) {
        metrics.coordinator(spec.lock()).queueDepth(spec.scenario(), spec.lock(), depth);
    }
}
