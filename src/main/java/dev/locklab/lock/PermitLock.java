package dev.locklab.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Lock} made of a one-permit semaphore: the closest thing to {@code multiprocessing.Lock},
 * which has no owner. Anyone may release it, even a process that never acquired it; it is not
 * reentrant (a second acquire by the holder waits for a permit that only a release can give); and it
 * has no lease, so a holder that dies never gives the permit back. Thread-safe as the underlying
 * semaphore is (Redisson's {@code RSemaphore} or the JDK's {@code Semaphore}).
 */
public final class PermitLock implements Lock {

    /** The three semaphore operations this lock needs. Implementations must be thread-safe. */
    public interface Permits {
        void acquire() throws InterruptedException;

        boolean tryAcquire(long time, TimeUnit unit) throws InterruptedException;

        void release();
    }

    private final Permits permits;

    public PermitLock(Permits permits) {
        this.permits = permits;
    }

    @Override
    public void lock() {
        boolean interrupted = false;
        while (true) {
            try {
                permits.acquire();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        permits.acquire();
    }

    @Override
    public boolean tryLock() {
        try {
            return permits.tryAcquire(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return permits.tryAcquire(time, unit);
    }

    @Override
    public void unlock() {
        permits.release();
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a semaphore lock has no conditions");
    }
}
