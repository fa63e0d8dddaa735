package dev.locklab.config;

import java.time.Duration;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Everything a worker needs to know to take part in one run. Written by the coordinator to
 * {@code locklab:{runId}:spec} (a Redis hash of plain strings) and read back by every worker.
 * Immutable.
 *
 * @param runId            the run id; also the hash tag of every key of the run
 * @param scenario         scenario id, e.g. {@code locked-drain}
 * @param lock             lock backend id, e.g. {@code reentrant}
 * @param workers          how many workers the run expects
 * @param items            how many items are seeded
 * @param seed             the random seed for the item values
 * @param gap              racy-drain: time between {@code isEmpty()} and {@code take()}
 * @param pauseAfterRelease locked-drain: pause after each release (the lesson's {@code sleep(0.001)})
 * @param hold             reentrant: how long the coordinator holds the lock first
 * @param reacquireTimeout reentrant: how long a second acquire may block before it counts as failed
 * @param lease            lease of leased locks (jedis, and Redisson locks when a lease is asked for);
 *                         zero means Redisson's watchdog keeps renewing
 * @param deadline         the whole run must end within this
 * @param strandedAfter    a worker blocked on an empty queue this long, with every other worker done,
 *                         is declared stranded and released
 */
public record RunSpec(String runId, String scenario, String lock, int workers, int items, long seed,
                      Duration gap, Duration pauseAfterRelease, Duration hold, Duration reacquireTimeout,
                      Duration lease, Duration deadline, Duration strandedAfter) {

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("runId", runId);
        m.put("scenario", scenario);
        m.put("lock", lock);
        m.put("workers", Integer.toString(workers));
        m.put("items", Integer.toString(items));
        m.put("seed", Long.toString(seed));
        m.put("gapMs", Long.toString(gap.toMillis()));
        m.put("pauseAfterReleaseMicros", Long.toString(pauseAfterRelease.toNanos() / 1000));
        m.put("holdMs", Long.toString(hold.toMillis()));
        m.put("reacquireTimeoutMs", Long.toString(reacquireTimeout.toMillis()));
        m.put("leaseMs", Long.toString(lease.toMillis()));
        m.put("deadlineMs", Long.toString(deadline.toMillis()));
        m.put("strandedAfterMs", Long.toString(strandedAfter.toMillis()));
        return m;
    }

    public static RunSpec fromMap(Map<String, String> m) {
        return new RunSpec(m.get("runId"), m.get("scenario"), m.get("lock"),
                Integer.parseInt(m.get("workers")), Integer.parseInt(m.get("items")),
                Long.parseLong(m.get("seed")), ms(m, "gapMs"),
                Duration.ofNanos(Long.parseLong(m.get("pauseAfterReleaseMicros")) * 1000),
                ms(m, "holdMs"), ms(m, "reacquireTimeoutMs"), ms(m, "leaseMs"), ms(m, "deadlineMs"),
                ms(m, "strandedAfterMs"));
    }

    private static Duration ms(Map<String, String> m, String k) {
        return Duration.ofMillis(Long.parseLong(m.get(k)));
    }
}
