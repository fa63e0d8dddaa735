package dev.locklab.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations such as {@code 3s}, {@code 10ms}, {@code 500us}, {@code 2m}, {@code 0}. Stateless. */
public final class Durations {
    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)?");

    private Durations() {
    }

    /** @throws UsageException when the text is not a duration */
    public static Duration parse(String text) {
        Matcher m = P.matcher(text.trim().toLowerCase());
        if (!m.matches()) {
            throw new UsageException("'" + text + "' is not a duration; use e.g. 500us, 10ms, 3s, 2m");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? (n == 0 ? "ms" : null) : m.group(2);
        if (unit == null) {
            throw new UsageException("'" + text + "' needs a unit; use e.g. " + text + "ms or " + text + "s");
        }
        double nanos = n * switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        return Duration.ofNanos((long) nanos);
    }

    /** Formats for humans: {@code 1.5 s}, {@code 12 ms}, {@code 800 us}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns >= 1_000_000_000L) {
            return String.format("%.1f s", ns / 1e9);
        }
        if (ns >= 1_000_000L) {
            return (ns / 1_000_000L) + " ms";
        }
        return (ns / 1000L) + " us";
    }
}
