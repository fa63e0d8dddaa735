package dev.locklab.coord;

import dev.locklab.history.Json;
import dev.locklab.history.Op;
import dev.locklab.history.OpListener;
import org.redisson.api.RList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams one worker's ops to its Redis history list while the run goes, so a worker that is killed
 * ({@code kill -9}, the OOM killer, {@code docker compose kill}) loses only the ops of its last moments,
 * not its whole history. The lesson's own work is not slowed by a Redis round trip per op: ops are
 * queued and one daemon thread appends whatever has queued up, in order, one {@code RPUSH} per batch.
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
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    /** Ops taken from the queue and not yet appended; guarded by itself, held while appending (order). */
    private final List<Op> unsent = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    /** Wakes the thread up to stop (an interrupt could cut an RPUSH short after it was sent). */
    private static final Op STOP = new Op("", Op.Type.INFO, "stop", null, -1, -1, -1, -1, null);

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
        try {
            while (!stopped) {
                Op first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || first == STOP) {
                    continue;
                }
                synchronized (unsent) {
                    unsent.add(first);
                    try {
                        ship();
                    } catch (RuntimeException e) {
                        // Redis unreachable for a moment: the ops stay in unsent and go with the next batch
                        log.warn("could not stream {} history ops to Redis yet: {}", unsent.size(), e.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            // only a JVM shutting down interrupts it; finish() sends what is left
        }
    }

    /** Appends the unsent ops and then everything queued, in order; throws (keeping them) when Redis refuses. */
    private void ship() {
        queue.drainTo(unsent);
        unsent.removeIf(op -> op == STOP);
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
        queue.add(STOP);
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
