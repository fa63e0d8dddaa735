package dev.locklab.coord;

import dev.locklab.config.RedisSettings;
import dev.locklab.redis.RedisClients;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.RedisClient;

/**
 * One process's connections to the run's Redis: a Redisson client, and a Jedis client made only if
 * the jedis lock is used. Thread-safe; {@link #close()} is idempotent.
 */
public final class RedisWorld implements AutoCloseable {
    private final RedisSettings settings;
    private final RedissonClient redisson;
    private final String clientName;
    private RedisClient jedis;

    private RedisWorld(RedisSettings settings, RedissonClient redisson, String clientName) {
        this.settings = settings;
        this.redisson = redisson;
        this.clientName = clientName;
    }

    /** Probes Redis (one clear error if unreachable), then connects Redisson. */
    public static RedisWorld connect(RedisSettings settings, String clientName) {
        RedisClients.probe(settings);
        return new RedisWorld(settings, RedisClients.redisson(settings, clientName), clientName);
    }

    public RedisSettings settings() {
        return settings;
    }

    public RedissonClient redisson() {
        return redisson;
    }

    public synchronized RedisClient jedis() {
        if (jedis == null) {
            jedis = RedisClients.jedis(settings, clientName + "-jedis");
        }
        return jedis;
    }

    @Override
    public synchronized void close() {
        if (jedis != null) {
            jedis.close();
            jedis = null;
        }
        if (!redisson.isShutdown()) {
            redisson.shutdown();
        }
    }
}
