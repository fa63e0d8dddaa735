package dev.locklab.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void parsesUnits() {
        assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse("10ms")).isEqualTo(Duration.ofMillis(10));
        assertThat(Durations.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("0")).isZero();
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("5")).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(UsageException.class);
    }
}
