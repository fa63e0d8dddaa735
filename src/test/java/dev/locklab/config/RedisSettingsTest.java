package dev.locklab.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {
    @Test
    void parsesEveryPartOfAUrl() {
        RedisSettings s = RedisSettings.parse("rediss://alice:p%40ss@redis.example:6380/3");
        assertThat(s).isEqualTo(new RedisSettings(true, "redis.example", 6380, "alice", "p@ss", 3));
        assertThat(s.address()).isEqualTo("rediss://redis.example:6380");
        assertThat(RedisSettings.parse(s.toUrl())).isEqualTo(s);
    }

    @Test
    void defaultsPortAndDatabaseAndAcceptsAPasswordOnly() {
        assertThat(RedisSettings.parse("redis://localhost")).isEqualTo(new RedisSettings(false, "localhost", 6379, null, null, 0));
        assertThat(RedisSettings.parse("redis://:secret@h:1").password()).isEqualTo("secret");
        assertThat(RedisSettings.parse("redis://:secret@h:1").user()).isNull();
    }

    @Test
    void neverShowsThePassword() {
        assertThat(RedisSettings.parse("redis://bob:hunter2@h:1/0").toString()).doesNotContain("hunter2").contains("bob:***@");
    }

    @Test
    void rejectsMalformedUrlsWithOneLine() {
        assertThatThrownBy(() -> RedisSettings.parse("http://h:1")).isInstanceOf(UsageException.class).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisSettings.parse("redis://:x@h:1/abc")).hasMessageContaining("database 'abc'").hasMessageNotContaining(":x@");
        assertThatThrownBy(() -> RedisSettings.parse("redis:///0")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RedisSettings.parse("redis://localhost:abc")).hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> RedisSettings.parse("redis://:pa#ss@localhost:6379"))
                .hasMessageContaining("percent-encoded (# is %23)").hasMessageNotContaining("pa#ss");
        assertThatThrownBy(() -> RedisSettings.parse("redis://h:99999")).isInstanceOf(UsageException.class);
    }
}
