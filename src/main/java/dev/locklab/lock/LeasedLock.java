package dev.locklab.lock;

import org.redisson.api.RLock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A Redisson lock taken with a fixed lease ({@code --lease}): the watchdog does not renew it, so a
 * holder slower than the lease loses it. Used to show what the watchdog protects against.
 * Thread-safety and ownership are those of the wrapped {@link RLock}.
 */
final class LeasedLock implements Lock {
    private final RLock lock;
    private final long leaseMillis;

    LeasedLock(RLock lock, Duration lease) {
        this.lock = lock;
        this.leaseMillis = lease.toMillis();
    }

    RLock delegate() {
        return lock;
    }

    @Override
    public void lock() {
        lock.lock(leaseMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        lock.lockInterruptibly(leaseMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean tryLock() {
        try {
            return lock.tryLock(0, leaseMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return lock.tryLock(unit.toMillis(time), leaseMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    @Override
    public Condition newCondition() {
        return lock.newCondition();
    }
}
