package dev.locklab.scenario;

import dev.locklab.history.Op;
import dev.locklab.history.Recorder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The recorded building blocks of the scenarios: each call does one thing to the lock or queue and
 * writes the matching invoke/completion ops, so the scenario loops read like the Python lesson.
 * One instance per worker; used from the worker's thread only.
 */
final class Steps {
    private final WorkerContext ctx;
    private final Recorder rec;

    Steps(WorkerContext ctx) {
        this.ctx = ctx;
        this.rec = ctx.recorder();
    }

    /** {@code queue.isEmpty()}, recorded as {@code check}. */
    boolean isEmpty() {
        rec.invoke("check");
        boolean empty = ctx.queue().isEmpty();
        rec.ok("check", empty ? "empty" : "non-empty");
        return empty;
    }

    /**
     * {@code queue.take()}, recorded as {@code take}. Returns the item, or {@code null} when the
     * coordinator released this worker with the pill. The pill is recorded as a failed take: its
     * outcome is known (no item), so it never makes a real loss look merely unknown to the checker.
     */
    String take() throws InterruptedException {
        rec.invoke("take");
        String item;
        try {
            item = ctx.queue().take();
        } catch (InterruptedException e) {
            rec.info("take", "interrupted while blocked in take()");
            throw e;
        }
        if (WorkerContext.RELEASE_PILL.equals(item)) {
            rec.fail("take", "no item: blocked in take() on an empty queue until the coordinator released it");
            rec.info("released", "stranded in take(); released by the coordinator");
            return null;
        }
        rec.ok("take", item);
        return item;
    }

    /** {@code lock.lockInterruptibly()}, recorded as {@code acquire} with the time waited and hold count. */
    void acquire() throws InterruptedException {
        rec.invoke("acquire");
        long t0 = System.nanoTime();
        try {
            ctx.lock().lockInterruptibly();
        } catch (InterruptedException e) {
            rec.info("acquire", "interrupted while waiting for the lock");
            throw e;
        }
        long waited = System.nanoTime() - t0;
        rec.complete(Op.Type.OK, "acquire", Integer.toString(ctx.holdCount().getAsInt()), -1, waited, null);
    }

    /**
     * {@code lock.tryLock(timeout)}; a refusal is recorded as a failed acquire with the reason. Some
     * backends refuse at once instead of waiting (Redisson's non-reentrant lock throws
     * {@link IllegalMonitorStateException} when its holder asks again): that is a refusal too.
     */
    boolean tryAcquire(Duration timeout, String whyItMayFail) throws InterruptedException {
        rec.invoke("acquire");
        long t0 = System.nanoTime();
        boolean ok;
        try {
            ok = ctx.lock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (IllegalMonitorStateException e) {
            rec.complete(Op.Type.FAIL, "acquire", null, -1, System.nanoTime() - t0, "refused at once: " + e.getMessage());
            return false;
        }
        long waited = System.nanoTime() - t0;
        if (ok) {
            rec.complete(Op.Type.OK, "acquire", Integer.toString(ctx.holdCount().getAsInt()), -1, waited, null);
        } else {
            rec.complete(Op.Type.FAIL, "acquire", null, -1, waited, whyItMayFail);
        }
        return ok;
    }

    /** {@code lock.unlock()}, recorded as {@code release}; a refused release is recorded as failed. */
    void release() {
        rec.invoke("release");
        try {
            ctx.lock().unlock();
            rec.ok("release", Integer.toString(ctx.holdCount().getAsInt()));
        } catch (IllegalMonitorStateException e) {
            rec.fail("release", e.getMessage());
        }
    }

    /** Stamps entry into the critical section with the run-wide sequence number. */
    void enter() {
        rec.complete(Op.Type.OK, "enter", null, ctx.sequence().getAsLong(), -1, null);
    }

    /** Stamps the exit from the critical section. */
    void exit() {
        rec.complete(Op.Type.OK, "exit", null, ctx.sequence().getAsLong(), -1, null);
    }

    /**
     * Sleeps for {@code mean} jittered uniformly within +-50%, so workers that started together do not
     * stay in lockstep (in lockstep, an even number of items can end with every worker satisfied).
     */
    static void jitteredPause(Duration mean) throws InterruptedException {
        if (!mean.isZero()) {
            long n = mean.toNanos();
            TimeUnit.NANOSECONDS.sleep(n / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(n + 1));
        }
    }

    static void pause(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        }
    }

    /** The digit of an item {@code "<id>:<digit>"}: what the lesson prints. */
    static String value(String item) {
        int colon = item.indexOf(':');
        return colon < 0 ? item : item.substring(colon + 1);
    }
}
