package dev.locklab.coord;

import dev.locklab.history.Json;
import dev.locklab.history.Op;
import dev.locklab.history.OpListener;
import org.redisson.api.RList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams one worker's ops to its Redis history list while the run goes, so a worker that is killed
 * ({@code kill -9}, the OOM killer, {@code docker compose kill}) loses only the ops of its last moments,
 * not its whole history. The lesson's own work is not slowed by a Redis round trip per op: ops are
 * queued, and every {@link #LINGER} one daemon thread appends whatever has queued up, in order, with
 * one {@code RPUSH}.
 *
 * <p>{@link #onOp} may be called from any thread (it only enqueues). {@link #finish()} is called by the
 * owner, at most one thread at a time: it stops the thread and appends the rest from the calling thread,
 * and may be called again after it failed. A batch whose {@code RPUSH} failed is kept and sent again; if
 * the first attempt had in fact arrived, the list holds the batch twice, and {@link HistoryCollector}
 * drops such exact repeats.
 */
final class HistoryShipper implements OpListener {
    private static final Logger log = LoggerFactory.getLogger(HistoryShipper.class);
    private final RList<String> list;
    private final ConcurrentLinkedQueue<Op> queue = new ConcurrentLinkedQueue<>();
    /** Ops taken from the queue and not yet appended; guarded by itself, held while appending (order). */
    private final List<Op> unsent = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    /**
     * How long ops gather before they are sent. Waking a thread and sending an {@code RPUSH} for every op
     * cost a quarter of locked-drain's items/s on two cores; batching every 10 ms costs no measurable
     * throughput, and a killed worker loses at most its last ~10 ms of ops.
     */
    static final Duration LINGER = Duration.ofMillis(10);

    HistoryShipper(RList<String> list, String threadName) {
        this.list = list;
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        this.thread = new Thread(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            loop();
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onOp(Op op) {
        queue.add(op);
    }

    private void loop() {
        while (!stopped) {
            LockSupport.parkNanos(LINGER.toNanos()); // finish() unparks it
            if (stopped) {
                return;
            }
            synchronized (unsent) {
                try {
                    ship();
                } catch (RuntimeException e) {
                    // Redis unreachable for a moment: the ops stay in unsent and go with the next batch
                    log.warn("could not stream {} history ops to Redis yet: {}", unsent.size(), e.toString());
                }
            }
        }
    }

    /** Appends the unsent ops and then everything queued, in order; throws (keeping them) when Redis refuses. */
    private void ship() {
        for (Op op = queue.poll(); op != null; op = queue.poll()) {
            unsent.add(op);
        }
        if (!unsent.isEmpty()) {
            list.addAll(Json.lines(unsent));
            unsent.clear();
        }
    }

    /**
     * Stops the streaming thread and appends every op recorded so far, from the calling thread. The
     * caller's interrupt flag is put aside meanwhile (an interrupted thread cannot talk to Redis).
     *
     * @return true when all of them are in Redis; false (keeping them for another call) when not
     */
    boolean finish() {
        boolean interrupted = Thread.interrupted();
        stopped = true;
        LockSupport.unpark(thread); // not an interrupt: that could cut an RPUSH short after it was sent
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            synchronized (unsent) {
                try {
                    ship();
                    return true;
                } catch (RuntimeException e) {
                    log.error("could not write {} history ops to Redis: {}", unsent.size(), e.toString());
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
