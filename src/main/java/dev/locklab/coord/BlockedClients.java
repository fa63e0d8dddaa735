package dev.locklab.coord;

import dev.locklab.config.RedisSettings;
import dev.locklab.redis.RedisClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.HashSet;
import java.util.Set;

/**
 * Asks Redis itself which workers are blocked in {@code BLPOP}: {@code CLIENT LIST} shows each
 * connection's name (every worker names its connections {@code locklab-<worker>}) and its current
 * command. This is how the coordinator tells a worker stranded in {@code take()} from one that is
 * merely slow or waiting for a lock. Where the Redis user may not run {@code CLIENT LIST} (a
 * restricted ACL), {@link #blocked()} returns {@code null} and the caller falls back to timing; a
 * failure that is not a refusal (Redis restarting) returns {@code null} for that call only.
 * Used by the coordinator's thread only.
 */
final class BlockedClients implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockedClients.class);
    static final String PREFIX = "locklab-";
    /** {@link RedisWorld} names a worker's Jedis connections {@code locklab-<worker>-jedis}. */
    static final String JEDIS_SUFFIX = "-jedis";
    private final RedisSettings settings;
    private boolean unavailable;
    private Jedis admin;

    BlockedClients(RedisSettings settings) {
        this.settings = settings;
    }

    /** Workers with a connection blocked in BLPOP right now, or {@code null} if Redis will not say. */
    Set<String> blocked() {
        String list = clientList();
        return list == null ? null : parse(list);
    }

    /**
     * Workers with any connection to Redis right now (their Redisson or Jedis clients), or {@code null}
     * if Redis will not say. A worker whose process died has none: the kernel closed its sockets.
     */
    Set<String> connected() {
        String list = clientList();
        return list == null ? null : parseConnected(list);
    }

    /**
     * CLIENT LIST over one kept connection (the monitor asks every 500 ms), or {@code null}: for good
     * when Redis refuses the command (a restricted ACL), for this call only when the connection failed
     * (it is opened again next time).
     */
    private String clientList() {
        if (unavailable) {
            return null;
        }
        try {
            if (admin == null) {
                admin = RedisClients.admin(settings);
            }
            return admin.clientList();
        } catch (JedisDataException e) {
            unavailable = true;
            log.warn("CLIENT LIST is not available ({}); stranded workers are judged by timing only, "
                    + "dead workers are found at the deadline", e.getMessage());
            return null;
        } catch (RuntimeException e) {
            log.debug("CLIENT LIST failed this time: {}", e.toString());
            close();
            return null;
        }
    }

    /** Closes the kept connection, if any. */
    @Override
    public void close() {
        if (admin != null) {
            try {
                admin.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
            admin = null;
        }
    }

    /** Parses CLIENT LIST output: the worker names of every {@code locklab-*} connection. */
    static Set<String> parseConnected(String clientList) {
        Set<String> out = new HashSet<>();
        for (String line : clientList.split("\n")) {
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("name=" + PREFIX)) {
                    String name = field.substring(5 + PREFIX.length());
                    out.add(name.endsWith(JEDIS_SUFFIX) ? name.substring(0, name.length() - JEDIS_SUFFIX.length()) : name);
                }
            }
        }
        return out;
    }

    /** Parses CLIENT LIST output: names of {@code locklab-*} clients whose command is blpop. */
    static Set<String> parse(String clientList) {
        Set<String> out = new HashSet<>();
        for (String line : clientList.split("\n")) {
            String name = null;
            String cmd = null;
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("name=")) {
                    name = field.substring(5);
                } else if (field.startsWith("cmd=")) {
                    cmd = field.substring(4);
                }
            }
            if (name != null && name.startsWith(PREFIX) && "blpop".equalsIgnoreCase(cmd)) {
                out.add(name.substring(PREFIX.length()));
            }
        }
        return out;
    }
}
