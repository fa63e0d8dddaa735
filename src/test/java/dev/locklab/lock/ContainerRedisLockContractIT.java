package dev.locklab.lock;

import dev.locklab.config.RedisSettings;
import dev.locklab.containers.ContainerEngine;
import dev.locklab.containers.RedisContainers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;

/**
 * The reentrant lock's contract against Redis in a container (Testcontainers), reached over the
 * container network through a port published on 127.0.0.1. Skipped on a laptop without an engine;
 * fails in CI.
 */
class ContainerRedisLockContractIT extends ReentrantLockContractIT {
    static GenericContainer<?> container;

    @BeforeAll
    static void startRedis() {
        ContainerEngine.requireEngine();
        container = RedisContainers.start();
        settings = RedisSettings.parse(RedisContainers.url(container));
    }

    @AfterAll
    static void stopRedis() {
        if (container != null) {
            container.stop();
        }
    }
}
