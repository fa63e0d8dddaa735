package dev.locklab.scenario;

import dev.locklab.config.RunSpec;
import dev.locklab.history.Recorder;

import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.function.LongSupplier;
import java.util.function.IntSupplier;

/**
 * What a scenario sees of the world. Built by the worker runtime (Redis) or the in-JVM thread runner.
 * Not shared between workers; used from the worker's thread only.
 *
 * @param workerId  this worker's name
 * @param spec      the run's parameters
 * @param lock      the shared lock (already decorated, e.g. with metrics)
 * @param queue     the shared queue of items ({@code "<id>:<digit>"} strings)
 * @param sequence  the run-wide counter for enter/exit stamps (Redis {@code INCR}, or an AtomicLong)
 * @param holdCount the lock's current reentrant hold count for this worker's thread (asked of Redis for a
 *                  Redisson lock), or -1 where the backend cannot tell
 * @param recorder  this worker's history
 * @param out       where the lesson's own lines are printed (stdout of the worker)
 */
public record WorkerContext(String workerId, RunSpec spec, Lock lock, BlockingQueue<String> queue,
                            LongSupplier sequence, IntSupplier holdCount, Recorder recorder,
                            PrintStream out) {

    /** The poison pill the coordinator pushes to release a worker stranded in {@code take()}. */
    public static final String RELEASE_PILL = "locklab:release";
}
