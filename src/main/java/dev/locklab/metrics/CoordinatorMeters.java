package dev.locklab.metrics;

import dev.locklab.checker.Verdict;
import dev.locklab.history.RunHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The coordinator's meters: runs finished by scenario and verdict, the race rate over the last
 * {@value #RACE_WINDOW} runs of each scenario, the queue depth of the current run, and a re-export
 * of the last {@value #RETAINED_RUNS} finished runs (per-worker items, stranded workers, duration,
 * verdict) so a run that lasted less than a scrape interval still shows on the dashboard.
 *
 * <p>Obtained from {@link LabMetrics#coordinator}. Thread-safe: any thread may call any method;
 * {@link #runFinished} calls are serialized.
 */
public final class CoordinatorMeters {
    /** Runs of a scenario the race rate is computed over. */
    public static final int RACE_WINDOW = 20;
    /** Finished runs whose per-run gauges are kept. */
    public static final int RETAINED_RUNS = 20;

    private final MeterRegistry registry;
    private final AtomicReference<LongSupplier> queue = new AtomicReference<>(() -> 0);
    private final Map<String, Deque<Boolean>> recent = new ConcurrentHashMap<>(); // "scenario|lock" -> raced?
    private final Map<String, Double> raceRates = new ConcurrentHashMap<>();
    private final Deque<List<Meter>> exported = new ArrayDeque<>(); // guarded by this

    CoordinatorMeters(MeterRegistry registry, String lock) {
        this.registry = registry;
        Gauge.builder(Meters.QUEUE_DEPTH, queue, CoordinatorMeters::readQueue)
                .description("Items left on the current run's queue").register(registry);
        for (String s : Meters.SCENARIOS) {
            register(s, lock);
        }
    }

    /** Reads the queue depth of the current run from {@code depth} at each scrape (null: 0). */
    public void queueDepth(LongSupplier depth) {
        queue.set(depth == null ? () -> 0 : depth);
    }

    /** Sets the queue depth of the current run to a value pushed by the caller (e.g. a monitor loop). */
    public void queueDepth(long depth) {
        queue.set(() -> depth);
    }

    /** Records a judged run: counters, race rate, and the per-run re-export. */
    public void runFinished(RunHistory history, Verdict.Status verdict) {
        runFinished(FinishedRun.of(history, verdict));
    }

    /** Records a judged run: counters, race rate, and the per-run re-export. */
    public synchronized void runFinished(FinishedRun r) {
        register(r.scenario(), r.lock());
        Counter.builder(Meters.RUNS_FINISHED).tags(Meters.TAG_SCENARIO, r.scenario(), Meters.TAG_LOCK, r.lock(),
                Meters.TAG_VERDICT, r.verdict().name()).register(registry).increment();
        String key = r.scenario() + "|" + r.lock();
        Deque<Boolean> window = recent.get(key);
        window.addLast(r.verdict() == Verdict.Status.INVALID);
        while (window.size() > RACE_WINDOW) {
            window.removeFirst();
        }
        raceRates.put(key, window.stream().filter(b -> b).count() / (double) window.size());
        export(r);
    }

    /** The race rate of a scenario over its last {@value #RACE_WINDOW} runs (0 when none ran). */
    public double raceRate(String scenario, String lock) {
        return raceRates.getOrDefault(scenario + "|" + lock, 0.0);
    }

    private void register(String scenario, String lock) {
        String key = scenario + "|" + lock;
        if (recent.putIfAbsent(key, new ArrayDeque<>()) != null) {
            return;
        }
        for (Verdict.Status v : Verdict.Status.values()) {
            Counter.builder(Meters.RUNS_FINISHED).tags(Meters.TAG_SCENARIO, scenario, Meters.TAG_LOCK, lock,
                    Meters.TAG_VERDICT, v.name()).description("Finished runs by scenario and verdict").register(registry);
        }
        raceRates.put(key, 0.0);
        Gauge.builder(Meters.RACE_RATE, raceRates, m -> m.getOrDefault(key, 0.0))
                .tags(Meters.TAG_SCENARIO, scenario, Meters.TAG_LOCK, lock)
                .description("Fraction of the last " + RACE_WINDOW + " runs judged INVALID").register(registry);
    }

    private void export(FinishedRun r) {
        Tags runTags = Tags.of(Meters.TAG_RUN, r.run(), Meters.TAG_SCENARIO, r.scenario(), Meters.TAG_LOCK, r.lock());
        List<Meter> meters = new ArrayList<>();
        r.items().forEach((worker, n) -> {
            Tags t = runTags.and(Meters.TAG_WORKER, worker);
            meters.add(constant(Meters.RUN_ITEMS, t, n, null, "Items the worker took in this finished run"));
            meters.add(constant(Meters.RUN_STRANDED, t, r.stranded().contains(worker) ? 1 : 0, null,
                    "1 if the worker was stranded in this finished run"));
        });
        Tags withVerdict = runTags.and(Meters.TAG_VERDICT, r.verdict().name());
        meters.add(constant(Meters.RUN_DURATION, withVerdict, r.duration().toNanos() / 1e9, "seconds",
                "Duration of the finished run"));
        meters.add(constant(Meters.RUN_END_TIME, withVerdict, r.endedAt().toEpochMilli() / 1e3, "seconds",
                "When the run finished, seconds since the epoch"));
        exported.addLast(meters);
        while (exported.size() > RETAINED_RUNS) {
            exported.removeFirst().forEach(registry::remove);
        }
    }

    private Meter constant(String name, Tags tags, double value, String unit, String description) {
        double[] box = {value};
        return Gauge.builder(name, box, b -> b[0]).tags(tags).strongReference(true).baseUnit(unit)
                .description(description).register(registry);
    }

    private static double readQueue(AtomicReference<LongSupplier> q) {
        try {
            return q.get().getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN; // Redis unreachable during a scrape: no value rather than a wrong one
        }
    }
}
