package dev.locklab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.testcontainers.containers.GenericContainer;

/** Smoke test of the lock on Redis in a container (the lead's contract test reuses RedisContainers). */
class RedisLockSmokeIT {

    @BeforeEach
    void engine() {
        ContainerEngine.requireEngine();
    }

    @Test
    void aLockHeldByOneClientExcludesAnotherUntilReleased() throws Exception {
        try (GenericContainer<?> redis = RedisContainers.start()) {
            RedissonClient a = client(redis, RedisContainers.PASSWORD);
            RedissonClient b = client(redis, RedisContainers.PASSWORD);
            try {
                RLock la = a.getLock("locklab:{smoke}:lock");
                RLock lb = b.getLock("locklab:{smoke}:lock");
                assertThat(la.tryLock(0, 30, TimeUnit.SECONDS)).isTrue();
                assertThat(lb.tryLock(200, 30, TimeUnit.MILLISECONDS)).as("second client while held").isFalse();
                assertThat(lb.isLocked()).isTrue();
                la.unlock();
                assertThat(lb.tryLock(2, 30, TimeUnit.SECONDS)).as("second client after release").isTrue();
                assertThat(la.tryLock(200, 30, TimeUnit.MILLISECONDS)).as("first client while the second holds").isFalse();
                lb.unlock();
                assertThat(la.isLocked()).isFalse();
            } finally {
                a.shutdown();
                b.shutdown();
            }
        }
    }

    @Test
    void theContainerRedisRefusesAWrongPassword() {
        try (GenericContainer<?> redis = RedisContainers.start()) {
            assertThatThrownBy(() -> client(redis, "wrong").shutdown()).isInstanceOf(RuntimeException.class);
        }
    }

    static RedissonClient client(GenericContainer<?> redis, String password) {
        Config c = new Config();
        c.setThreads(2).setNettyThreads(2);
        c.useSingleServer()
                .setAddress("redis://" + redis.getHost() + ":" + redis.getMappedPort(RedisContainers.PORT))
                .setPassword(password)
                .setConnectionPoolSize(2).setConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(1).setSubscriptionConnectionMinimumIdleSize(1)
                .setConnectTimeout(5000).setRetryAttempts(1);
        return Redisson.create(c);
    }
}
