package dev.locklab.coord;

import dev.locklab.history.RunHistory;

/**
 * A round that could not be completed, typically because Redis failed while it went: the workers'
 * histories could not be gathered, so the round cannot be judged. Carries the partial history the
 * coordinator itself knows (spec, seeded items, its own ops, the participants as unfinished), so the
 * caller can still write the run directory. Immutable.
 */
public final class RoundBrokeException extends RuntimeException {
    private final transient RunHistory partial;

    public RoundBrokeException(RunHistory partial, Throwable cause) {
        super("the round broke off: " + cause.getMessage(), cause);
        this.partial = partial;
    }

    /** What the coordinator recorded before the round broke off. */
    public RunHistory partial() {
        return partial;
    }

    /** True when the cause is Redis itself (a lost connection, a timeout), not a bug of the lab. */
    public boolean redisFailed() {
        return Causes.any(getCause(), org.redisson.client.RedisException.class,
                redis.clients.jedis.exceptions.JedisException.class, java.io.IOException.class);
    }
}
