package dev.locklab.lock;

import dev.locklab.config.UsageException;
import org.redisson.api.RLock;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The lock backends by id, for Redis (many processes) and for one JVM (threads). Stateless; any thread.
 *
 * <table>
 *   <caption>backends</caption>
 *   <tr><th>id</th><th>Redis</th><th>threads</th><th>reentrant</th><th>released by (Redis)</th></tr>
 *   <tr><td>reentrant</td><td>Redisson getLock</td><td>ReentrantLock</td><td>yes</td><td>owner</td></tr>
 *   <tr><td>fair</td><td>Redisson getFairLock</td><td>ReentrantLock(true)</td><td>yes</td><td>owner</td></tr>
 *   <tr><td>non-reentrant</td><td>Redisson getNonReentrantLock</td><td>Semaphore(1)</td><td>no</td><td>owner</td></tr>
 *   <tr><td>semaphore</td><td>RSemaphore, 1 permit</td><td>Semaphore(1)</td><td>no</td><td>anyone</td></tr>
 *   <tr><td>jedis</td><td>SET NX PX + compare-and-delete</td><td>-</td><td>no</td><td>token holder</td></tr>
 * </table>
 * With threads, {@code non-reentrant} and {@code semaphore} are the same {@code Semaphore(1)}, which
 * any thread may release: the owner check exists only in the Redis backends.
 */
public final class LockBackends {
    public static final List<String> IDS = List.of("reentrant", "fair", "non-reentrant", "semaphore", "jedis");
    /** The jedis lock's lease when {@code --lease} is 0 (it has no watchdog, so it needs one). */
    public static final Duration DEFAULT_JEDIS_LEASE = Duration.ofSeconds(30);

    private LockBackends() {
    }

    /** @throws UsageException for an unknown id */
    public static String validate(String id) {
        if (!IDS.contains(id)) {
            throw new UsageException("unknown lock '" + id + "'; choose one of " + String.join(", ", IDS));
        }
        return id;
    }

    /** Prepares Redis for a run (the semaphore's single permit). Called once, by the coordinator. */
    public static void prepare(String id, RedissonClient redisson, String key) {
        if (id.equals("semaphore")) {
            redisson.getSemaphore(key).trySetPermits(1);
        }
    }

    /** A Redis-backed lock; {@code jedis} is only asked for when the jedis backend is chosen. */
    public static Lock redis(String id, RedissonClient redisson, Supplier<UnifiedJedis> jedis, String key, Duration lease) {
        switch (validate(id)) {
            case "semaphore":
                RSemaphore s = redisson.getSemaphore(key);
                return new PermitLock(permits(s::acquire, s::tryAcquire, s::release));
            case "jedis":
                return new JedisLock(jedis.get(), key, lease.isZero() ? DEFAULT_JEDIS_LEASE : lease);
            default:
                RLock l = switch (id) {
                    case "fair" -> redisson.getFairLock(key);
                    case "non-reentrant" -> redisson.getNonReentrantLock(key);
                    default -> redisson.getLock(key);
                };
                return lease.isZero() ? l : new LeasedLock(l, lease);
        }
    }

    /** A lock for threads of one JVM. */
    public static Lock local(String id) {
        switch (validate(id)) {
            case "reentrant":
                return new ReentrantLock();
            case "fair":
                return new ReentrantLock(true);
            case "jedis":
                throw new UsageException("--lock jedis needs Redis; drop --threads to run it across processes");
            default:
                Semaphore s = new Semaphore(1);
                return new PermitLock(permits(s::acquire, s::tryAcquire, s::release));
        }
    }

    /** The calling thread's hold count on the raw lock, or -1 where the backend cannot tell. */
    public static IntSupplier holdCount(Lock raw) {
        if (raw instanceof LeasedLock leased) {
            return leased.delegate()::getHoldCount;
        }
        if (raw instanceof RLock r) {
            return r::getHoldCount;
        }
        if (raw instanceof ReentrantLock r) {
            return r::getHoldCount;
        }
        if (raw instanceof JedisLock j) {
            return j::holdCount;
        }
        return () -> -1;
    }

    interface Acquire {
        void run() throws InterruptedException;
    }

    /** Runs an interruptible acquire to completion, then restores the interrupt flag (Lock.lock()'s contract). */
    static void uninterruptibly(Acquire acquire) {
        boolean interrupted = false;
        while (true) {
            try {
                acquire.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    interface TryAcquire {
        boolean run(long time, TimeUnit unit) throws InterruptedException;
    }

    private static PermitLock.Permits permits(Acquire a, TryAcquire t, Runnable r) {
        return new PermitLock.Permits() {
            @Override
            public void acquire() throws InterruptedException {
                a.run();
            }

            @Override
            public boolean tryAcquire(long time, TimeUnit unit) throws InterruptedException {
                return t.run(time, unit);
            }

            @Override
            public void release() {
                r.run();
            }
        };
    }
}
