package dev.locklab.scenario;

/**
 * A lesson program, as run by one worker. Written only against {@link java.util.concurrent.locks.Lock}
 * and {@link java.util.concurrent.BlockingQueue} (through {@link WorkerContext}), so the same code runs
 * on Redis across processes and on JDK objects across threads.
 *
 * <p>Called once per worker per run, on the worker's own thread. Records what it does in the
 * context's recorder; never judges. Returns normally when its loop ends; throws
 * {@link InterruptedException} when the worker is stopped.
 */
public interface Scenario {
    void run(WorkerContext ctx) throws InterruptedException;
}
