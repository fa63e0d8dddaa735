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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's meters: runs finished by scenario and verdict, the race rate over the last
 * {@value #RACE_WINDOW} runs of each scenario, the queue depth of the current run (per scenario), and a
 * re-export of the last {@value #RETAINED_RUNS} finished runs (per-worker items, stranded workers,
 * duration, verdict) so a run that lasted less than a scrape interval still shows on the dashboard.
 *
 * <p>Everything but the re-export is registered at 0 for every scenario when this object is created
 * ({@link LabMetrics#coordinator}, called when a coordinator's endpoint starts), so a dashboard shows 0
 * before the first round. Racy-drain is registered with lock {@value Meters#NO_LOCK}: it takes no lock.
 *
 * <p>Thread-safe: any thread may call any method; {@link #runFinished} calls are serialized.
 */
public final class CoordinatorMeters {
    /** Runs of a scenario the race rate is computed over. */
    public static final int RACE_WINDOW = 20;
    /** Finished runs whose per-run gauges are kept. */
    public static final int RETAINED_RUNS = 20;

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> queues = new ConcurrentHashMap<>(); // "scenario|lock" -> depth
    private final Map<String, Deque<Boolean>> recent = new ConcurrentHashMap<>(); // "scenario|lock" -> raced?
    private final Map<String, Double> raceRates = new ConcurrentHashMap<>();
    private final Deque<List<Meter>> exported = new ArrayDeque<>(); // guarded by this

    CoordinatorMeters(MeterRegistry registry, String lock) {
        this.registry = registry;
        for (String s : Meters.SCENARIOS) {
            register(s, Meters.lockTag(s, lock));
        }
    }

    /**
     * Sets the queue depth of the run in progress (the coordinator's monitor reads it while the run
     * goes). Back to 0 when the run is {@linkplain #runFinished judged}.
     */
    public void queueDepth(String scenario, String lock, long depth) {
        String tag = Meters.lockTag(scenario, lock);
        register(scenario, tag);
        queues.get(scenario + "|" + tag).set(depth);
    }

    /** The exported queue depth of a scenario (for tests and logs). */
    public long queueDepth(String scenario, String lock) {
        AtomicLong q = queues.get(scenario + "|" + Meters.lockTag(scenario, lock));
        return q == null ? 0 : q.get();
    }

    /** Records a judged run: counters, race rate, and the per-run re-export. */
    public void runFinished(RunHistory history, Verdict.Status verdict) {
        runFinished(FinishedRun.of(history, verdict));
    }

    /** Records a judged run: counters, race rate, and the per-run re-export. */
    public synchronized void runFinished(FinishedRun r) {
        register(r.scenario(), r.lock());
        queues.get(r.scenario() + "|" + r.lock()).set(0); // the round is over: nothing is left to drain
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

    private synchronized void register(String scenario, String lock) {
        String key = scenario + "|" + lock;
        if (recent.putIfAbsent(key, new ArrayDeque<>()) != null) {
            return;
        }
        for (Verdict.Status v : Verdict.Status.values()) {
            Counter.builder(Meters.RUNS_FINISHED).tags(Meters.TAG_SCENARIO, scenario, Meters.TAG_LOCK, lock,
                    Meters.TAG_VERDICT, v.name()).description("Finished runs by scenario and verdict").register(registry);
        }
        raceRates.put(key, 0.0);
        AtomicLong depth = new AtomicLong();
        queues.put(key, depth);
        Gauge.builder(Meters.QUEUE_DEPTH, depth, AtomicLong::get).tags(Meters.TAG_SCENARIO, scenario, Meters.TAG_LOCK, lock)
                .description("Items left on the queue of the coordinator's current run").register(registry);
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
}
