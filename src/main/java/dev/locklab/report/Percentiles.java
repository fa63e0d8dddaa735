package dev.locklab.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank percentiles: the p-th percentile of n values is the value at rank ceil(p/100 * n)
 * (1-based) in ascending order, so it is always one of the observed values; the percentile of no values
 * is 0. Stateless; package-private.
 */
final class Percentiles {
    private Percentiles() {
    }

    /** Nearest-rank percentile, {@code 0 < p <= 100}; 0 for no values. Does not modify the argument. */
    static long nearestRank(Collection<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /** Nanoseconds to milliseconds, rounded to the microsecond. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
