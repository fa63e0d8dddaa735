package dev.locklab.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOnTheTextbookExample() {
        List<Long> v = List.of(15L, 20L, 35L, 40L, 50L);
        assertThat(Percentiles.nearestRank(v, 5)).isEqualTo(15);
        assertThat(Percentiles.nearestRank(v, 30)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(v, 40)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(v, 50)).isEqualTo(35);
        assertThat(Percentiles.nearestRank(v, 100)).isEqualTo(50);
    }

    @Test
    void oneToHundredInAnyOrder() {
        List<Long> v = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(v, new java.util.Random(7));
        List<Long> before = List.copyOf(v);
        assertThat(Percentiles.nearestRank(v, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(v, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(v, 100)).isEqualTo(100);
        assertThat(v).isEqualTo(before);
    }

    @Test
    void p99OfFewValuesIsTheMaxAndEmptyIsZero() {
        assertThat(Percentiles.nearestRank(List.of(3L, 1L, 2L), 99)).isEqualTo(3);
        assertThat(Percentiles.nearestRank(List.of(7L), 50)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(List.of(), 99)).isZero();
    }

    @Test
    void millisRoundsToTheMicrosecond() {
        assertThat(Percentiles.millis(1_234_567)).isEqualTo(1.235);
        assertThat(Percentiles.millis(0)).isZero();
    }
}
