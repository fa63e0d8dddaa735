package dev.locklab.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Lock} decorator that records, per worker: how long each successful acquire call blocked
 * ({@link Meters#LOCK_WAIT}), how long the lock was held from the first acquire to the matching last
 * release ({@link Meters#LOCK_HOLD}), successful acquisitions, failed acquire attempts, and the
 * reentrant hold depth (current and highest).
 *
 * <p><b>Semantics.</b> Every successful {@code lock}/{@code lockInterruptibly}/{@code tryLock} is one
 * acquisition, reentrant ones included, and its blocking time is one wait sample (so the wait timer's
 * count equals the acquisitions counter). An attempt that does not get the lock ({@code tryLock}
 * returning false, an interruption, an exception from the backend) is counted as a failure only: it
 * changes neither the depth nor the wait and hold timers. A hold sample is recorded when the thread
 * that acquired releases its last hold; the hold ends when {@code unlock()} returns (for a Redis lock
 * that includes the release round trip). A release by a thread that holds nothing here (a
 * semaphore-style lock released by another thread) lowers the depth gauge, never below 0, and records
 * no hold. {@link #newCondition()} is passed through: time spent in {@code await} counts as held.
 *
 * <p><b>Thread safety.</b> Any number of threads may share one instance, as they may share the
 * delegate. Hold bookkeeping is per thread; the depth gauge is the sum of the depths of all threads
 * holding through this instance (for an exclusive lock: the holder's depth). Meter updates never
 * block and never throw into the caller; exceptions of the delegate propagate unchanged.
 */
public final class MeteredLock implements Lock {
    private final Lock delegate;
    private final Timer wait;
    private final Timer hold;
    private final Counter acquisitions;
    private final Counter failures;
    private final AtomicInteger depth;
    private final AtomicInteger maxDepth;
    private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(() -> new long[2]); // {depth, heldSince}

    MeteredLock(Lock delegate, Timer wait, Timer hold, Counter acquisitions, Counter failures,
                AtomicInteger depth, AtomicInteger maxDepth) {
        this.delegate = delegate;
        this.wait = wait;
        this.hold = hold;
        this.acquisitions = acquisitions;
        this.failures = failures;
        this.depth = depth;
        this.maxDepth = maxDepth;
    }

    /** The decorated lock. */
    public Lock delegate() {
        return delegate;
    }

    /** The current hold depth summed over all threads holding through this instance. */
    public int holdDepth() {
        return depth.get();
    }

    @Override
    public void lock() {
        long t0 = System.nanoTime();
        try {
            delegate.lock();
        } catch (RuntimeException | Error e) {
            failures.increment();
            throw e;
        }
        acquired(t0);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            delegate.lockInterruptibly();
        } catch (InterruptedException | RuntimeException | Error e) {
            failures.increment();
            throw e;
        }
        acquired(t0);
    }

    @Override
    public boolean tryLock() {
        long t0 = System.nanoTime();
        return outcome(t0, delegate::tryLock);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long t0 = System.nanoTime();
        boolean ok;
        try {
            ok = delegate.tryLock(time, unit);
        } catch (InterruptedException | RuntimeException | Error e) {
            failures.increment();
            throw e;
        }
        return outcome(t0, () -> ok);
    }

    @Override
    public void unlock() {
        delegate.unlock(); // throws (IllegalMonitorStateException...) before any bookkeeping changes
        long now = System.nanoTime();
        long[] m = mine.get();
        if (m[0] > 0) {
            m[0]--;
            if (m[0] == 0) {
                hold.record(now - m[1], TimeUnit.NANOSECONDS);
            }
        }
        depth.updateAndGet(d -> Math.max(0, d - 1));
    }

    @Override
    public Condition newCondition() {
        return delegate.newCondition();
    }

    private boolean outcome(long t0, java.util.function.BooleanSupplier attempt) {
        boolean ok;
        try {
            ok = attempt.getAsBoolean();
        } catch (RuntimeException | Error e) {
            failures.increment();
            throw e;
        }
        if (ok) {
            acquired(t0);
        } else {
            failures.increment();
        }
        return ok;
    }

    private void acquired(long t0) {
        long now = System.nanoTime();
        wait.record(now - t0, TimeUnit.NANOSECONDS);
        acquisitions.increment();
        long[] m = mine.get();
        if (m[0]++ == 0) {
            m[1] = now;
        }
        int d = depth.incrementAndGet();
        maxDepth.accumulateAndGet(d, Math::max);
    }

    @Override
    public String toString() {
        return "MeteredLock[" + delegate + "]";
    }
}
