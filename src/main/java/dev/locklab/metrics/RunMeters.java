package dev.locklab.metrics;

import dev.locklab.history.Op;
import dev.locklab.history.OpListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * The meters of one worker in one run, all registered when this object is created (so every series
 * exists with value 0 before the first operation). Tags: run, scenario, worker, lock.
 *
 * <p>Obtained from {@link LabMetrics#forRun}. Thread-safe: {@link #listener()} and locks from
 * {@link #decorate} may be used from any thread. Call {@link #close()} when the worker's run is over;
 * the meters stay exported until {@link LabMetrics} evicts them (see there).
 */
public final class RunMeters implements AutoCloseable {
    private final LabMetrics owner;
    private final String run;
    private final String worker;
    private final Counter items;
    private final Counter acquisitions;
    private final Counter failures;
    private final Counter stranded;
    private final Timer wait;
    private final Timer hold;
    private final AtomicInteger depth = new AtomicInteger();
    private final AtomicInteger maxDepth = new AtomicInteger();
    private final List<Meter> meters;
    private final OpListener listener = this::onOp;
    private volatile long closedAtScrape = -1;

    RunMeters(LabMetrics owner, MeterRegistry registry, String run, String scenario, String worker, String lock) {
        this.owner = owner;
        this.run = run;
        this.worker = worker;
        Tags tags = Tags.of(Meters.TAG_RUN, run, Meters.TAG_SCENARIO, scenario,
                Meters.TAG_WORKER, worker, Meters.TAG_LOCK, lock);
        items = Counter.builder(Meters.ITEMS_PROCESSED).tags(tags)
                .description("Items this worker took from the queue").register(registry);
        acquisitions = Counter.builder(Meters.LOCK_ACQUISITIONS).tags(tags)
                .description("Successful lock acquisitions, reentrant ones included").register(registry);
        failures = Counter.builder(Meters.LOCK_ACQUIRE_FAILURES).tags(tags)
                .description("Acquire attempts that did not get the lock").register(registry);
        stranded = Counter.builder(Meters.WORKERS_STRANDED).tags(tags)
                .description("1 if this worker was stranded in take() and released").register(registry);
        wait = histogram(Meters.LOCK_WAIT, "Time a successful acquire call blocked", tags).register(registry);
        hold = histogram(Meters.LOCK_HOLD, "First acquire to last release of one holder", tags).register(registry);
        Gauge g1 = Gauge.builder(Meters.LOCK_HOLD_DEPTH, depth, AtomicInteger::get).tags(tags).strongReference(true)
                .description("Current reentrant hold count").register(registry);
        Gauge g2 = Gauge.builder(Meters.LOCK_HOLD_DEPTH_MAX, maxDepth, AtomicInteger::get).tags(tags)
                .strongReference(true).description("Highest reentrant hold count in this run").register(registry);
        meters = List.of(items, acquisitions, failures, stranded, wait, hold, g1, g2);
    }

    /**
     * Histogram buckets of the wait and hold timers, 50 us .. 60 s in 1-2-5 steps: 19 buckets (plus
     * +Inf) instead of the ~90 of Micrometer's percentile histogram, enough for histogram_quantile to
     * tell a 1 ms Redis wait from a 3 s one at a fifth of the series.
     */
    static final Duration[] BUCKETS = buckets();

    static Timer.Builder histogram(String name, String description, Tags tags) {
        return Timer.builder(name).tags(tags).description(description).serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0]).maximumExpectedValue(BUCKETS[BUCKETS.length - 1]);
    }

    private static Duration[] buckets() {
        long[] micros = {50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000,
                500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000};
        Duration[] d = new Duration[micros.length];
        for (int i = 0; i < micros.length; i++) {
            d[i] = Duration.ofNanos(micros[i] * 1000);
        }
        return d;
    }

    public String run() {
        return run;
    }

    public String worker() {
        return worker;
    }

    /**
     * Maps history ops to meters: an OK {@code take} whose value is not the release pill counts one
     * item; an INFO {@code released} counts the worker as stranded. Fast, non-blocking, never throws.
     * Add it with {@code recorder.addListener(meters.listener())}.
     */
    public OpListener listener() {
        return listener;
    }

    /** Wraps the worker's lock so that waits, holds, acquisitions and hold depth are recorded. */
    public Lock decorate(Lock lock) {
        return new MeteredLock(lock, wait, hold, acquisitions, failures, depth, maxDepth);
    }

    private void onOp(Op op) {
        if (op.type() == Op.Type.OK && "take".equals(op.f()) && !Meters.RELEASE_PILL.equals(op.value())) {
            items.increment();
        } else if (op.type() == Op.Type.INFO && "released".equals(op.f())) {
            stranded.increment();
        }
    }

    /** Marks this worker's run as over; idempotent. The meters stay until evicted by {@link LabMetrics}. */
    @Override
    public void close() {
        if (closedAtScrape < 0) {
            closedAtScrape = owner.scrapes();
        }
    }

    boolean closed() {
        return closedAtScrape >= 0;
    }

    /** Scrapes completed since {@link #close()}, or -1 while open. */
    long scrapesSinceClose() {
        long c = closedAtScrape;
        return c < 0 ? -1 : owner.scrapes() - c;
    }

    List<Meter> meters() {
        return meters;
    }
}
