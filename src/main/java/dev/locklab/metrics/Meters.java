package dev.locklab.metrics;

import java.util.List;

/**
 * Meter names and tag keys: part of the lab's API (dashboards and docs/metrics.md depend on them).
 * Micrometer names use dots; Prometheus exposes them with underscores, counters with {@code _total},
 * timers as {@code _seconds_bucket/_count/_sum/_max}. docs/metrics.md lists the exposed names.
 */
public final class Meters {
    private Meters() {
    }

    // ---- worker side: one series per (run, scenario, worker, lock) ----
    /** Counter: items a worker took from the queue (an OK take that is not the release pill). */
    public static final String ITEMS_PROCESSED = "locklab.items.processed";
    /** Counter: successful lock acquisitions (reentrant ones included). */
    public static final String LOCK_ACQUISITIONS = "locklab.lock.acquisitions";
    /** Counter: acquire calls that did not get the lock (tryLock false, interrupted, error). */
    public static final String LOCK_ACQUIRE_FAILURES = "locklab.lock.acquire.failures";
    /** Timer with percentile histogram: how long a successful acquire call blocked. */
    public static final String LOCK_WAIT = "locklab.lock.wait";
    /** Timer with percentile histogram: first acquire to last release of one holder. */
    public static final String LOCK_HOLD = "locklab.lock.hold";
    /** Gauge: current reentrant hold count (0 when not held). */
    public static final String LOCK_HOLD_DEPTH = "locklab.lock.hold.depth";
    /** Gauge: the highest hold count reached in the run (so a 50 ms 0->5->0 is not lost between scrapes). */
    public static final String LOCK_HOLD_DEPTH_MAX = "locklab.lock.hold.depth.max";
    /** Counter: this worker was stranded in take() and released by the coordinator. */
    public static final String WORKERS_STRANDED = "locklab.workers.stranded";

    // ---- coordinator side ----
    /** Counter: finished runs, tags scenario, lock, verdict. */
    public static final String RUNS_FINISHED = "locklab.runs.finished";
    /** Gauge: fraction (0..1) of the last N finished runs of a scenario whose verdict was INVALID. */
    public static final String RACE_RATE = "locklab.race.rate";
    /**
     * Gauge: items left on the queue of the coordinator's current run, tags scenario and lock (no run
     * tag: see docs/metrics.md). Registered at 0 for every scenario when the coordinator starts, and
     * back to 0 when a round ends.
     */
    public static final String QUEUE_DEPTH = "locklab.queue.depth";
    /** Gauge, re-exported finished run: items each worker took, as judged from its history. */
    public static final String RUN_ITEMS = "locklab.run.items";
    /** Gauge, re-exported finished run: 1 if the worker was stranded, else 0. */
    public static final String RUN_STRANDED = "locklab.run.stranded";
    /** Gauge, re-exported finished run: duration in seconds, tags run, scenario, lock, verdict. */
    public static final String RUN_DURATION = "locklab.run.duration";
    /** Gauge, re-exported finished run: when it finished, epoch seconds (to sort a table). */
    public static final String RUN_END_TIME = "locklab.run.end.time";

    // ---- tag keys ----
    public static final String TAG_RUN = "run";
    public static final String TAG_SCENARIO = "scenario";
    public static final String TAG_WORKER = "worker";
    public static final String TAG_LOCK = "lock";
    public static final String TAG_VERDICT = "verdict";

    /** Every scenario id the lab knows (coordinator counters are registered up front for each). */
    public static final List<String> SCENARIOS = List.of("racy-drain", "locked-drain", "reentrant");

    /** The {@code lock} tag of runs whose scenario takes no lock (racy-drain). */
    public static final String NO_LOCK = "none";

    /**
     * The {@code lock} tag for a run: the backend id, or {@value #NO_LOCK} when the scenario uses no
     * lock (racy-drain runs carry the default {@code --lock} in their spec, but never touch it).
     */
    public static String lockTag(String scenario, String lock) {
        return dev.locklab.scenario.Scenarios.usesLock(scenario) ? lock : NO_LOCK;
    }

    /** The history value a worker takes when the coordinator releases it; not an item. */
    static final String RELEASE_PILL = dev.locklab.scenario.WorkerContext.RELEASE_PILL;
}
