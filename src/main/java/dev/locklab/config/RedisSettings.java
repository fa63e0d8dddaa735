package dev.locklab.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is and how to log in, parsed from {@code redis://[user:password@]host:port[/db]} or
 * {@code rediss://...} (TLS). Immutable. {@link #toString()} never shows the password.
 *
 * @param tls      true for {@code rediss://}
 * @param host     host name or address
 * @param port     TCP port
 * @param user     ACL user name, or {@code null} (then the {@code default} user)
 * @param password password, or {@code null}
 * @param database logical database number (0..15 on a default Redis)
 */
public record RedisSettings(boolean tls, String host, int port, String user, String password, int database) {

    /** Environment variable that names the Redis URL when {@code --redis} is not given. */
    public static final String ENV = "LOCKLAB_REDIS_URL";

    /**
     * Parses a Redis URL.
     *
     * @throws UsageException with a one-line explanation when the URL is malformed
     */
    public static RedisSettings parse(String url) {
        String hint = "expected redis://[user:password@]host:port[/db] or rediss://... (TLS)";
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new UsageException("malformed Redis URL '" + redact(url) + "': " + hint);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
            throw new UsageException("Redis URL '" + redact(url) + "' must start with redis:// or rediss://; " + hint);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            String authority = uri.getRawAuthority();
            if (authority != null && !authority.isBlank() || uri.getRawFragment() != null || uri.getRawQuery() != null) {
                // java.net.URI parsed no server from it: a port that is not a number, or a password with a reserved character
                throw new UsageException("Redis URL '" + redact(url) + "' has no readable host:port; the port must be a number, "
                        + "and a password containing # ? / @ or : must be percent-encoded (# is %23); " + hint);
            }
            throw new UsageException("Redis URL '" + redact(url) + "' has no host; " + hint);
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new UsageException("Redis URL '" + redact(url) + "' has port " + port + " outside 1..65535");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info); // redis://secret@host (password only), as redis-cli accepts it
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new UsageException("Redis URL '" + redact(url) + "' has database '" + path.substring(1)
                        + "'; it must be a number such as /0");
            }
            if (db < 0) {
                throw new UsageException("Redis URL '" + redact(url) + "' has a negative database number");
            }
        }
        return new RedisSettings(scheme.equals("rediss"), uri.getHost(), port, user, password, db);
    }

    /** A URL for Redisson's {@code setAddress} (no credentials). */
    public String address() {
        return (tls ? "rediss://" : "redis://") + hostForUri() + ":" + port;
    }

    /** The full URL including credentials, for handing to a worker process through its environment. */
    public String toUrl() {
        StringBuilder b = new StringBuilder(tls ? "rediss://" : "redis://");
        if (password != null) {
            if (user != null) {
                b.append(encode(user));
            }
            b.append(':').append(encode(password)).append('@');
        }
        return b.append(hostForUri()).append(':').append(port).append('/').append(database).toString();
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (user != null ? user + ":***@" : password != null ? ":***@" : "")
                + hostForUri() + ":" + port + "/" + database;
    }

    private String hostForUri() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Hides a password in a URL for messages. */
    static String redact(String url) {
        return url.replaceAll("//([^/@]*):[^/@]*@", "//$1:***@");
    }
}
