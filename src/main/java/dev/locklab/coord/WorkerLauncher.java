package dev.locklab.coord;

import java.util.Map;

/**
 * Starts and stops the worker processes of a run when the coordinator owns them ({@code locklab run},
 * {@code compare}); external workers (containers, pods, other hosts) need none. Called from the
 * coordinator's thread; {@link #stop()} may also be called from a shutdown hook.
 */
public interface WorkerLauncher extends AutoCloseable {

    /** No processes of our own: workers join from elsewhere. */
    WorkerLauncher EXTERNAL = new WorkerLauncher() {
        @Override
        public void launch(String runId) {
        }

        @Override
        public Map<String, String> exited() {
            return Map.of();
        }

        @Override
        public void stop() {
        }
    };

    /** Starts workers for {@code runId} (or does nothing when they are long-lived). */
    void launch(String runId);

    /** worker -> why, for workers whose process ended without finishing a run. */
    Map<String, String> exited();

    /** Stops every process it started: SIGTERM, then SIGKILL after a grace period. Idempotent. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
