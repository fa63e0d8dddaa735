package dev.locklab.cli;

import dev.locklab.config.RedisSettings;
import picocli.CommandLine.Option;

/** {@code --redis URL}, falling back to {@code LOCKLAB_REDIS_URL}. */
final class RedisOption {
    @Option(names = "--redis", paramLabel = "URL",
            description = "redis://[user:password@]host:port[/db] or rediss://... (default: $LOCKLAB_REDIS_URL, else an embedded Redis)")
    String url;

    /** The settings, or {@code null} when neither the option nor the environment names a Redis. */
    RedisSettings settingsOrNull() {
        String u = url != null ? url : System.getenv(RedisSettings.ENV);
        return u == null || u.isBlank() ? null : RedisSettings.parse(u);
    }
}
