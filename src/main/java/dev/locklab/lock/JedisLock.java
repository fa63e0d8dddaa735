package dev.locklab.lock;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The classic hand-made Redis lock: {@code SET key token NX PX lease} to acquire, and a Lua
 * compare-and-delete to release, so only the holder of the current token can release it.
 *
 * <p>Guarantees, and their limits (this is the contrast with Redisson): not reentrant (a second
 * acquire by the holder blocks until the lease expires); the lease is never renewed, so a holder
 * that is slower than the lease loses the lock silently and a second holder gets in; waiting is
 * polling with a small random back-off, not a notification, so it is not fair. {@link #unlock()}
 * after the lease expired throws {@link IllegalMonitorStateException}.
 *
 * <p>Thread-safe: any thread may call it; ownership is per thread (each thread has its own token),
 * like {@link java.util.concurrent.locks.ReentrantLock} without the reentrancy.
 */
public final class JedisLock implements Lock {
    static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private final UnifiedJedis jedis;
    private final String key;
    private final long leaseMillis;
    private final ThreadLocal<String> token = new ThreadLocal<>();

    public JedisLock(UnifiedJedis jedis, String key, Duration lease) {
        this.jedis = jedis;
        this.key = key;
        this.leaseMillis = Math.max(1, lease.toMillis());
    }

    @Override
    public void lock() {
        boolean interrupted = false;
        while (true) {
            try {
                lockInterruptibly();
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
        while (!tryLock()) {
            backOff();
        }
    }

    @Override
    public boolean tryLock() {
        String t = UUID.randomUUID().toString();
        if ("OK".equals(jedis.set(key, t, SetParams.setParams().nx().px(leaseMillis)))) {
            token.set(t);
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(time);
        while (!tryLock()) {
            if (System.nanoTime() >= end) {
                return false;
            }
            backOff();
        }
        return true;
    }

    @Override
    public void unlock() {
        String t = token.get();
        if (t == null) {
            throw new IllegalMonitorStateException("jedis lock " + key + " is not held by this thread");
        }
        token.remove();
        Object deleted = jedis.eval(RELEASE, List.of(key), List.of(t));
        if (!Long.valueOf(1).equals(deleted)) {
            throw new IllegalMonitorStateException("jedis lock " + key + " was no longer ours at release: its lease of "
                    + leaseMillis + " ms expired and another holder may have had it");
        }
    }

    /** 1 while this thread holds a token that is still the lock's value, else 0. */
    public int holdCount() {
        String t = token.get();
        return t != null && t.equals(jedis.get(key)) ? 1 : 0;
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("the jedis lock has no conditions");
    }

    private static void backOff() throws InterruptedException {
        Thread.sleep(1 + ThreadLocalRandom.current().nextInt(4));
    }
}
