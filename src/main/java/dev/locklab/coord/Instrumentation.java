package dev.locklab.coord;

import dev.locklab.checker.Verdict;
import dev.locklab.config.RunSpec;
import dev.locklab.history.OpListener;
import dev.locklab.history.RunHistory;

import java.util.concurrent.locks.Lock;

/**
 * Where metrics plug into the runtime without touching scenario code: a lock decorator and an op
 * listener per worker and run, and a callback when the coordinator has judged a run.
 * Implementations must be thread-safe.
 */
public interface Instrumentation {

    /** Nothing measured. */
    Instrumentation NONE = (spec, worker) -> RunHooks.NONE;

    /** Hooks for one worker in one run; called by the worker before its scenario starts. */
    RunHooks forRun(RunSpec spec, String worker);

    /** Called by the coordinator after judging a run. */
    default void runFinished(RunHistory history, Verdict.Status status) {
    }

    /** Called by the coordinator while a run goes, with the queue's length. */
    default void queueDepth(RunSpec spec, long depth) {
    }

    /** One worker's hooks in one run. */
    interface RunHooks {
        RunHooks NONE = new RunHooks() {
        };

        default Lock decorate(Lock lock) {
            return lock;
        }

        default OpListener listener() {
            return op -> { };
        }

        /** The worker's scenario ended (its history is written); meters may linger or be removed. */
        default void finished() {
        }
    }
}
