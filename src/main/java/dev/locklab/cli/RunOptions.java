package dev.locklab.cli;

import dev.locklab.config.Durations;
import dev.locklab.config.RunSpec;
import dev.locklab.config.UsageException;
import dev.locklab.lock.LockBackends;
import dev.locklab.scenario.Scenarios;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** The options that describe a run, shared by {@code run}, {@code coordinator} and {@code compare}. */
final class RunOptions {
    static final int MAX_WORKERS = 64;

    @Option(names = "--scenario", paramLabel = "ID", defaultValue = "locked-drain",
            description = "racy-drain, locked-drain or reentrant (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "${env:LOCKLAB_WORKERS:-2}",
            description = "workers; for coordinator 0 means whoever joins (default: $LOCKLAB_WORKERS, else 2)")
    int workers;

    @Option(names = "--lock", paramLabel = "ID", defaultValue = "reentrant",
            description = "reentrant, fair, non-reentrant, semaphore or jedis (default: ${DEFAULT-VALUE})")
    String lock;

    @Option(names = "--items", paramLabel = "N", defaultValue = "100", description = "items seeded (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--seed", paramLabel = "N", description = "random seed for the item values (default: random)")
    Long seed;

    @Option(names = "--gap", paramLabel = "DURATION", defaultValue = "20ms",
            description = "racy-drain: time between isEmpty() and take(); 0 leaves the race natural (default: ${DEFAULT-VALUE})")
    String gap;

    @Option(names = "--pause-after-release", paramLabel = "DURATION", defaultValue = "1ms",
            description = "locked-drain: pause after each release, the lesson's sleep(0.001) (default: ${DEFAULT-VALUE})")
    String pauseAfterRelease;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "3s",
            description = "reentrant: how long the coordinator holds the lock first (default: ${DEFAULT-VALUE})")
    String hold;

    @Option(names = "--reacquire-timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "reentrant: how long a second acquire may block before it counts as refused (default: ${DEFAULT-VALUE})")
    String reacquireTimeout;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "0",
            description = "lock lease; 0 = Redisson's watchdog renews it (jedis then uses 30s) (default: ${DEFAULT-VALUE})")
    String lease;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "60s",
            description = "the whole run must end within this (default: ${DEFAULT-VALUE})")
    String deadline;

    @Option(names = "--stranded-after", paramLabel = "DURATION", defaultValue = "1s",
            description = "a worker still running this long after the queue ran empty is stranded (default: ${DEFAULT-VALUE})")
    String strandedAfter;

    /** Validates every option and builds the spec of one run. @throws UsageException with one line */
    RunSpec toSpec(String scenarioId, int minWorkers) {
        Scenarios.get(scenarioId);
        LockBackends.validate(lock);
        if (workers < minWorkers || workers > MAX_WORKERS) {
            throw new UsageException("--workers " + workers + " is out of range; use " + minWorkers + ".." + MAX_WORKERS);
        }
        if (items < 0 || items > 1_000_000) {
            throw new UsageException("--items " + items + " is out of range; use 0..1000000");
        }
        Duration dl = bounded("--deadline", deadline, Duration.ofSeconds(1), Duration.ofHours(24));
        Duration h = bounded("--hold", hold, Duration.ZERO, Duration.ofMinutes(10));
        if (scenarioId.equals(Scenarios.REENTRANT) && h.compareTo(dl) >= 0) {
            throw new UsageException("--hold " + hold + " must be shorter than --deadline " + deadline
                    + " (the deadline counts from the start, hold included)");
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        return new RunSpec(newRunId(scenarioId), scenarioId, lock, workers, items, s,
                bounded("--gap", gap, Duration.ZERO, Duration.ofSeconds(10)),
                bounded("--pause-after-release", pauseAfterRelease, Duration.ZERO, Duration.ofSeconds(10)),
                h,
                bounded("--reacquire-timeout", reacquireTimeout, Duration.ofMillis(1), Duration.ofMinutes(10)),
                bounded("--lease", lease, Duration.ZERO, Duration.ofHours(1)), dl,
                bounded("--stranded-after", strandedAfter, Duration.ofMillis(100), Duration.ofMinutes(10)));
    }

    static Duration bounded(String option, String text, Duration min, Duration max) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (UsageException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new UsageException(option + " " + text + " is out of range; use " + Durations.format(min) + " .. " + Durations.format(max));
        }
        return d;
    }

    static String newRunId(String scenario) {
        return scenario + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
