package dev.locklab.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * One process's metrics: a Prometheus registry with the JVM and process meters, the per-run meters
 * of the workers in this process, and (in a coordinator) the {@link CoordinatorMeters}.
 *
 * <p><b>Bounded series.</b> A long-lived worker ({@code worker --follow}) takes part in many runs, and
 * every run has its own {@code run} tag. A run's meters are removed from the registry once the run is
 * {@linkplain RunMeters#close() closed} and {@value #SCRAPES_BEFORE_EVICTION} scrapes have completed
 * since (so Prometheus has stored the final values), and in any case when more than
 * {@value #MAX_RUNS} runs are held (oldest first). Dashboards read them with
 * {@code max_over_time(...[$__range])}, so removed series stay visible for the dashboard's range.
 *
 * <p><b>Thread safety.</b> All methods may be called from any thread.
 */
public final class LabMetrics implements AutoCloseable {
    /** A sensible linger for a 2 s scrape interval: two intervals and some slack for a new target. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(10);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LabMetrics.class);

    /** Completed scrapes after a run's close before its meters are removed. */
    public static final int SCRAPES_BEFORE_EVICTION = 2;
    /** At most this many runs' meters (all their workers) are kept per process, closed or not. */
    public static final int MAX_RUNS = 8;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Deque<RunMeters> runs = new ArrayDeque<>(); // guarded by this
    private final ScrapeCounter scrapes = new ScrapeCounter();
    private CoordinatorMeters coordinator; // guarded by this

    private LabMetrics() {
        // Two of Micrometer's standard names fail `promtool check metrics` (process_cpu_time_ns_total:
        // abbreviated unit; system_cpu_count: a gauge ending in _count). process_cpu_usage and
        // system_cpu_usage stay; these two are dropped so a scraped payload passes the linter.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A registry with the JVM/process binders, and no lab meters yet. */
    public static LabMetrics create() {
        return new LabMetrics();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Registers every meter of one worker in one run, with value 0, and returns them. Asking again for
     * the same run and worker returns the same object.
     */
    public synchronized RunMeters forRun(String run, String scenario, String worker, String lock) {
        for (RunMeters m : runs) {
            if (m.run().equals(run) && m.worker().equals(worker)) {
                return m;
            }
        }
        evict();
        // bound the number of distinct runs (a --threads run has many workers in one process)
        while (!runs.isEmpty() && runs.stream().noneMatch(m -> m.run().equals(run))
                && runs.stream().map(RunMeters::run).distinct().count() >= MAX_RUNS) {
            String oldest = runs.peekFirst().run();
            runs.removeIf(m -> {
                if (m.run().equals(oldest)) {
                    remove(m);
                    return true;
                }
                return false;
            });
        }
        RunMeters m = new RunMeters(this, registry, run, scenario, worker, lock);
        runs.addLast(m);
        return m;
    }

    /** The coordinator's meters, registered on first call for the given lock backend id. */
    public synchronized CoordinatorMeters coordinator(String lock) {
        if (coordinator == null) {
            coordinator = new CoordinatorMeters(registry, lock);
        }
        return coordinator;
    }

    /** The exposition text (Prometheus text format 0.0.4). Does not count as a scrape. */
    public String scrapeText() {
        return registry.scrape();
    }

    /**
     * Waits until {@code n} more scrapes have completed (so at least {@code n - 1} of them began after
     * this call), or {@code max} has passed. The "linger" of a short-lived process: call it after the
     * run, before stopping the {@link MetricsServer}, so Prometheus stores the final values.
     *
     * @return true if the scrapes happened, false on timeout
     */
    public boolean awaitScrapes(int n, Duration max) throws InterruptedException {
        return scrapes.await(n, max);
    }

    /**
     * The linger of a process about to exit after a short run ({@code run --metrics-port},
     * {@code worker --run/--once}): waits for {@value #SCRAPES_BEFORE_EVICTION} more completed scrapes,
     * at most {@code max}, so Prometheus stores the run's final values. Returns at once for a zero
     * {@code max}. Call it after the run's meters are final, before {@link MetricsServer#stop()}.
     *
     * @return true if Prometheus scraped, false if it did not within {@code max} (nobody scraping)
     */
    public boolean linger(Duration max) throws InterruptedException {
        if (max.isZero() || max.isNegative()) {
            return false;
        }
        log.info("metrics: waiting up to {} ms for {} scrapes so Prometheus keeps this run's final values",
                max.toMillis(), SCRAPES_BEFORE_EVICTION);
        boolean ok = awaitScrapes(SCRAPES_BEFORE_EVICTION, max);
        if (!ok) {
            log.info("metrics: not scraped within {} ms; exiting anyway", max.toMillis());
        }
        return ok;
    }

    /** Completed scrapes so far. */
    public long scrapes() {
        return scrapes.count();
    }

    /** Called by the {@link MetricsServer} after a scrape's body was written. */
    void scraped() {
        scrapes.scraped();
        synchronized (this) {
            evict();
        }
    }

    /** Run ids whose meters are currently exported (oldest first); for tests and logs. */
    public synchronized java.util.List<String> exportedRuns() {
        return runs.stream().map(r -> r.run() + "/" + r.worker()).toList();
    }

    private void evict() {
        for (Iterator<RunMeters> it = runs.iterator(); it.hasNext(); ) {
            RunMeters m = it.next();
            if (m.scrapesSinceClose() >= SCRAPES_BEFORE_EVICTION) {
                it.remove();
                remove(m);
            }
        }
    }

    private void remove(RunMeters m) {
        for (Meter meter : m.meters()) {
            registry.remove(meter);
        }
    }

    /** Closes the JVM binders and the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
