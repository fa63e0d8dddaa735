package dev.locklab.lock;

import dev.locklab.config.RedisSettings;
import dev.locklab.coord.RedisWorld;
import dev.locklab.redis.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every lock backend promises, run against a real Redis (one redis-server per backend class).
 * Each "holder" is a separate client (its own connections and owner id), the way separate worker
 * processes are. Subclasses only say which backend and which promises it makes (ShedLock's pattern).
 */
abstract class LockContract {
    static EmbeddedRedis redis;
    static RedisSettings settings;
    final List<RedisWorld> clients = new ArrayList<>();
    String key;

    private final String backend;
    private final boolean reentrant;
    private final boolean anyoneMayRelease;
    private final boolean honoursLease;

    /**
     * @param backend          backend id, see {@link LockBackends#IDS}
     * @param reentrant        its holder may acquire it again
     * @param anyoneMayRelease a non-owner's release frees it (instead of being refused)
     * @param honoursLease     a lease given with --lease (or the jedis default) makes it expire
     */
    LockContract(String backend, boolean reentrant, boolean anyoneMayRelease, boolean honoursLease) {
        this.backend = backend;
        this.reentrant = reentrant;
        this.anyoneMayRelease = anyoneMayRelease;
        this.honoursLease = honoursLease;
    }

    String backend() {
        return backend;
    }

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
        settings = redis.settings();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void name(TestInfo info) {
        key = "locklab:{contract-" + backend() + "-" + info.getDisplayName().replaceAll("\\W", "") + "}:lock";
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RedisWorld::close);
    }

    /** A lock on {@link #key} as seen by a new, separate client. */
    Lock holder(Duration lease) {
        RedisWorld w = RedisWorld.connect(settings, "locklab-contract-" + clients.size());
        clients.add(w);
        if (clients.size() == 1) {
            LockBackends.prepare(backend(), w.redisson(), key);
        }
        return LockBackends.redis(backend(), w.redisson(), w::jedis, key, lease);
    }

    @Test
    void aSecondHolderIsExcludedUntilTheFirstReleases() throws Exception {
        Lock a = holder(Duration.ZERO);
        Lock b = holder(Duration.ZERO);
        a.lock();
        assertThat(onOtherThread(() -> b.tryLock(300, TimeUnit.MILLISECONDS))).isFalse();
        a.unlock();
        assertThat(onOtherThread(() -> {
            boolean got = b.tryLock(2, TimeUnit.SECONDS);
            if (got) {
                b.unlock();
            }
            return got;
        })).isTrue();
    }

    @Test
    void manyHoldersIncrementingUnderTheLockLoseNoUpdate() throws Exception {
        int holders = 4;
        int perHolder = 25;
        ExecutorService pool = Executors.newFixedThreadPool(holders);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int h = 0; h < holders; h++) {
                Lock l = holder(Duration.ZERO);
                RedisWorld w = clients.get(clients.size() - 1);
                fs.add(pool.submit(() -> {
                    var counter = w.redisson().<String>getBucket(key + ":counter");
                    for (int i = 0; i < perHolder; i++) {
                        l.lock();
                        try { // a read-modify-write that only mutual exclusion keeps correct
                            String v = counter.get();
                            counter.set(Integer.toString((v == null ? 0 : Integer.parseInt(v)) + 1));
                        } finally {
                            l.unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(clients.get(0).redisson().<String>getBucket(key + ":counter").get()).isEqualTo(Integer.toString(holders * perHolder));
    }

    @Test
    void reentrancyIsAsPromised() throws Exception {
        Lock a = holder(Duration.ZERO);
        a.lock();
        boolean again;
        try {
            again = a.tryLock(300, TimeUnit.MILLISECONDS);
        } catch (IllegalMonitorStateException refusedAtOnce) { // Redisson's non-reentrant lock
            again = false;
        }
        assertThat(again).isEqualTo(reentrant);
        if (again) {
            assertThat(LockBackends.holdCount(a).getAsInt()).isEqualTo(2);
            a.unlock();
            assertThat(LockBackends.holdCount(a).getAsInt()).isEqualTo(1);
        }
        a.unlock();
    }

    @Test
    void releaseByANonOwnerIsAsPromised() throws Exception {
        Lock a = holder(Duration.ZERO);
        Lock b = holder(Duration.ZERO);
        a.lock();
        if (anyoneMayRelease) {
            onOtherThread(() -> {
                b.unlock();
                return null;
            });
            assertThat(onOtherThread(() -> b.tryLock(1, TimeUnit.SECONDS))).as("released by a non-owner").isTrue();
        } else {
            assertThatThrownBy(() -> onOtherThread(() -> {
                b.unlock();
                return null;
            })).hasRootCauseInstanceOf(IllegalMonitorStateException.class);
            assertThat(onOtherThread(() -> b.tryLock(200, TimeUnit.MILLISECONDS))).as("still held by its owner").isFalse();
            a.unlock();
        }
    }

    @Test
    void aLeaseExpiresAndLetsASecondHolderIn() throws Exception {
        Lock a = holder(Duration.ofMillis(300));
        Lock b = holder(Duration.ofMillis(300));
        a.lock();
        Thread.sleep(700); // the holder is frozen longer than its lease
        boolean second = onOtherThread(() -> b.tryLock(200, TimeUnit.MILLISECONDS));
        assertThat(second).isEqualTo(honoursLease);
    }

    static <T> T onOtherThread(java.util.concurrent.Callable<T> c) throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            return ex.submit(c).get(30, TimeUnit.SECONDS);
        } finally {
            ex.shutdownNow();
        }
    }
}
