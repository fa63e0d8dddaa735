package dev.locklab.redis;

import dev.locklab.config.RedisSettings;
import dev.locklab.config.RedisUnavailableException;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/**
 * Builds Redis clients sized for a lab worker: Redisson with few threads and connections (a default
 * Redisson client starts ~70 threads and ~25 connections), values as plain strings so a learner can
 * read them with {@code redis-cli}. Stateless; any thread.
 */
public final class RedisClients {
    private RedisClients() {
    }

    /**
     * Connects once with a plain socket client and turns every way of failing into one readable
     * sentence, before Redisson (whose failures are long stack traces) is started.
     *
     * @throws RedisUnavailableException when Redis cannot be reached or refuses the credentials
     */
    public static void probe(RedisSettings s) {
        try (Jedis j = new Jedis(new HostAndPort(s.host(), s.port()), jedisConfig(s, "locklab-probe", 3000))) {
            j.ping();
        } catch (JedisAccessControlException e) {
            throw new RedisUnavailableException("Redis at " + s + " refused the credentials (" + firstLine(e)
                    + "); check the user and password in --redis / " + RedisSettings.ENV);
        } catch (JedisConnectionException e) {
            if (s.tls() && isTls(e)) {
                throw new RedisUnavailableException("TLS with Redis at " + s + " failed (" + rootMessage(e)
                        + "); does it speak TLS on that port, and is its certificate signed by a CA you trust? "
                        + "Give the CA's PEM file with " + RedisTls.CA_ENV);
            }
            String why = rootMessage(e);
            if (!s.tls() && (why.contains("end of stream") || why.contains("Connection reset"))) {
                throw new RedisUnavailableException("Redis at " + s + " closed the connection (" + rootMessage(e)
                        + "); if it only speaks TLS on that port, use rediss://");
            }
            throw new RedisUnavailableException("cannot reach Redis at " + s + " (" + rootMessage(e)
                    + "); is it running? Give its address with --redis or " + RedisSettings.ENV
                    + ", or leave both unset to use the embedded Redis");
        } catch (JedisDataException e) {
            String m = firstLine(e);
            if (m.contains("NOAUTH") || m.contains("WRONGPASS") || m.contains("AUTH")) {
                throw new RedisUnavailableException("Redis at " + s + " refused the credentials (" + m
                        + "); check the user and password in --redis / " + RedisSettings.ENV);
            }
            throw new RedisUnavailableException("Redis at " + s + " answered with an error: " + m);
        }
    }

    /** A Redisson client with small pools, a {@link StringCodec} and the given client name. */
    public static RedissonClient redisson(RedisSettings s, String clientName) {
        Config c = new Config();
        c.setCodec(StringCodec.INSTANCE);
        c.setThreads(intEnv("LOCKLAB_REDISSON_THREADS", 2));
        c.setNettyThreads(intEnv("LOCKLAB_NETTY_THREADS", 2));
        c.setLockWatchdogTimeout(intEnv("LOCKLAB_LOCK_WATCHDOG_MS", 30_000));
        c.setUsername(s.user());
        c.setPassword(s.password());
        c.useSingleServer()
                .setAddress(s.address())
                .setDatabase(s.database())
                .setClientName(clientName)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(intEnv("LOCKLAB_REDIS_CONNECTIONS", 6))
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2)
                .setConnectTimeout(3000)
                .setTimeout(3000)
                .setRetryAttempts(3)
                .setRetryInterval(500);
        if (s.tls()) {
            RedisTls.trust().ifPresent(c::setSslTrustManagerFactory); // host names are checked (STRICT) by default
        }
        try {
            return Redisson.create(c);
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("cannot connect Redisson to Redis at " + s + ": " + rootMessage(e));
        }
    }

    /** One plain connection for the coordinator's own questions (CLIENT LIST). Caller closes it. */
    public static Jedis admin(RedisSettings s) {
        return new Jedis(new HostAndPort(s.host(), s.port()), jedisConfig(s, "locklab-admin", 3000));
    }

    /** A pooled Jedis client (for the hand-made {@code SET NX PX} lock). */
    public static RedisClient jedis(RedisSettings s, String clientName) {
        return RedisClient.builder().hostAndPort(s.host(), s.port())
                .clientConfig(jedisConfig(s, clientName, 3000)).build();
    }

    static DefaultJedisClientConfig jedisConfig(RedisSettings s, String clientName, int timeoutMillis) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().user(s.user()).password(s.password())
                .database(s.database()).ssl(s.tls()).clientName(clientName).timeoutMillis(timeoutMillis)
                .autoNegotiateProtocol(false);
        if (s.tls()) {
            b.sslParameters(RedisTls.verifyHostName());
            RedisTls.trust().ifPresent(tmf -> b.sslSocketFactory(RedisTls.context(tmf).getSocketFactory()));
        }
        return b.build();
    }

    private static int intEnv(String name, int dflt) {
        String v = System.getenv(name);
        try {
            return v == null || v.isBlank() ? dflt : Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return firstLine(m);
    }

    private static String firstLine(Throwable e) {
        return firstLine(String.valueOf(e.getMessage()));
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
