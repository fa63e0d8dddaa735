package dev.locklab.coord;

import dev.locklab.config.RunSpec;
import dev.locklab.history.Op;
import dev.locklab.history.Recorder;
import dev.locklab.lock.LockBackends;
import dev.locklab.queue.RunKeys;
import dev.locklab.scenario.Scenarios;
import dev.locklab.scenario.WorkerContext;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RList;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

/**
 * A worker process's side of a run: join through Redis, wait for the start signal, run the scenario,
 * write the history to Redis, say done. Used by {@code locklab worker} in all its modes.
 *
 * <p>One worker thread calls {@link #joinAndRun}; {@link #flushOnShutdown()} may be called from a
 * shutdown hook on another thread and writes the history of the run in progress at most once.
 */
public final class WorkerRuntime {
    private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
    /** How long a signalled worker gives its scenario to stop and write its own history. */
    static final int SHUTDOWN_WAIT_SECONDS = 5;
    /** How long after a run's deadline a worker still in it stops its part by itself. */
    static final Duration WATCHDOG_MARGIN = Duration.ofSeconds(20);

    /** What became of one attempt to take part in a run. */
    public enum Outcome { FINISHED, CRASHED, SAT_OUT, NO_SUCH_RUN, NAME_TAKEN }

    private final RedisWorld world;
    private final String name;
    private final Instrumentation instrumentation;
    private final PrintStream out;
    private final Duration joinTimeout;
    private final AtomicReference<Pending> pending = new AtomicReference<>();

    public WorkerRuntime(RedisWorld world, String name, Instrumentation instrumentation, PrintStream out, Duration joinTimeout) {
        this.world = world;
        this.name = name;
        this.instrumentation = instrumentation;
        this.out = out;
        this.joinTimeout = joinTimeout;
    }

    /** Joins run {@code runId}, waits for the start, runs the scenario and writes the history. */
    public Outcome joinAndRun(String runId) throws InterruptedException {
        MDC.put("worker", name);
        MDC.put("run", runId);
        try {
            RedissonClient r = world.redisson();
            RunKeys keys = new RunKeys(runId);
            Map<String, String> specMap = awaitSpec(r, keys);
            if (specMap == null) {
                log.warn("run {} does not exist (no {} after {} s)", runId, keys.spec(), joinTimeout.toSeconds());
                return Outcome.NO_SUCH_RUN;
            }
            RunSpec spec = RunSpec.fromMap(specMap);
            if (!"seeded".equals(r.getBucket(keys.state()).get())) {
                log.info("run already started or finished; sitting it out");
                return Outcome.SAT_OUT;
            }
            if (!r.<String>getSet(keys.names()).add(name)) {
                // two workers with one name would share one history and one start signal
                log.error("another worker named {} already joined run {}; give each worker its own --name", name, runId);
                return Outcome.NAME_TAKEN;
            }
            RList<String> joined = r.getList(keys.joined());
            joined.add(name);
            log.info("joined run {} ({}, lock {})", runId, spec.scenario(), spec.lock());
            if (!awaitStart(r, keys, startWait(specMap))) {
                log.info("not chosen for this run; sitting it out");
                return Outcome.SAT_OUT;
            }
            return run(spec, keys);
        } finally {
            MDC.remove("run");
        }
    }

    private Outcome run(RunSpec spec, RunKeys keys) throws InterruptedException {
        RedissonClient r = world.redisson();
        Recorder rec = new Recorder(name);
        // the history goes to Redis as it is recorded: a worker killed mid-run loses only its last moments
        HistoryShipper shipper = new HistoryShipper(r.getList(keys.history(name)), "history-" + name);
        rec.addListener(shipper);
        Instrumentation.RunHooks hooks = instrumentation.forRun(spec, name);
        rec.addListener(hooks.listener());
        Lock raw = LockBackends.redis(spec.lock(), r, world::jedis, keys.lock(), spec.lease());
        RBlockingQueue<String> queue = r.getBlockingQueue(keys.queue());
        var seq = r.getAtomicLong(keys.seq());
        WorkerContext ctx = new WorkerContext(name, spec, hooks.decorate(raw), queue, seq::incrementAndGet,
                LockBackends.holdCount(raw), rec, out);
        Pending p = new Pending(rec, shipper, keys, hooks);
        pending.set(p);
        Thread watchdog = watchdog(p, spec);
        try {
            Scenarios.get(spec.scenario()).run(ctx);
        } catch (InterruptedException e) {
            p.flush("worker interrupted");
            return Outcome.FINISHED; // the coordinator knows why it was stopped (it asked, or a signal came)
        } catch (RuntimeException e) {
            if (Causes.any(e, InterruptedException.class)) { // Redisson wraps an interrupt in a RedisException
                p.flush("worker interrupted");
                return Outcome.FINISHED;
            }
            log.error("scenario failed: {}", e.toString());
            p.trouble = "its scenario failed: " + e;
            p.flush("worker crashed: " + e);
            return Outcome.CRASHED;
        } finally {
            watchdog.interrupt();
        }
        p.flush(null);
        log.info("finished run {}", spec.runId());
        return Outcome.FINISHED;
    }

    /**
     * A daemon thread that stops this worker's part of the run if it is still going
     * {@link #WATCHDOG_MARGIN} after the run's deadline: by then the coordinator has judged the run
     * (or died), and nobody will release a worker blocked in {@code take()} or waiting for a lock, so
     * a long-lived worker would otherwise never join another round. Interrupting the scenario thread
     * makes it record the open operation and write its history. Stopped (interrupted) when the
     * scenario ends.
     */
    private Thread watchdog(Pending p, RunSpec spec) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Thread t = new Thread(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                Thread.sleep(spec.deadline().plus(WATCHDOG_MARGIN).toMillis());
            } catch (InterruptedException e) {
                return; // the scenario ended
            }
            if (pending.get() == p) {
                log.warn("still running {} s after the run's deadline with no word from the coordinator; stopping",
                        WATCHDOG_MARGIN.toSeconds());
                p.trouble = "stopped by its own watchdog " + WATCHDOG_MARGIN.toSeconds() + " s after the run's deadline";
                p.runner.interrupt();
            }
        }, "watchdog-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * On a signal: interrupts the scenario thread and gives it up to {@value #SHUTDOWN_WAIT_SECONDS} s to stop and write its own
     * history (so no item is taken after the history was written); writes it here otherwise, with
     * the open operation marked unknown.
     */
    public void flushOnShutdown() {
        Pending p = pending.get();
        if (p == null) {
            return;
        }
        MDC.put("run", p.keys.runId());
        p.runner.interrupt();
        try {
            p.written.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.flush("worker stopped (signal) during the run");
    }

    private Map<String, String> awaitSpec(RedissonClient r, RunKeys keys) throws InterruptedException {
        long end = System.nanoTime() + joinTimeout.toNanos();
        while (true) {
            Map<String, String> m = r.<String, String>getMap(keys.spec()).readAllMap();
            if (!m.isEmpty()) {
                return m;
            }
            if (System.nanoTime() > end) {
                return null;
            }
            Thread.sleep(100);
        }
    }

    /** Blocks on this worker's start list; false when the run started without it or never started. */
    /** As long as the coordinator said it may gather workers (older specs: this worker's join timeout). */
    private Duration startWait(Map<String, String> specMap) {
        try {
            String ms = specMap.get(Coordinator.START_WAIT_FIELD);
            return ms == null ? joinTimeout : Duration.ofMillis(Long.parseLong(ms));
        } catch (NumberFormatException e) {
            return joinTimeout;
        }
    }

    private boolean awaitStart(RedissonClient r, RunKeys keys, Duration wait) throws InterruptedException {
        RBlockingQueue<String> go = r.getBlockingQueue(keys.start(name));
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            if (go.poll(1, TimeUnit.SECONDS) != null) {
                return true;
            }
            Object state = r.getBucket(keys.state()).get();
            if ("finished".equals(state)
                    || ("started".equals(state) && !r.<String>getList(keys.participants()).contains(name))) {
                return false;
            }
        }
        return false;
    }

    /** The run in progress: its recorder and where to write it, written at most once. */
    private final class Pending {
        private final Recorder rec;
        private final HistoryShipper shipper;
        private final RunKeys keys;
        private final Instrumentation.RunHooks hooks;
        private final Thread runner = Thread.currentThread();
        private final java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        private boolean flushed;
        /** Why the scenario did not end normally (set by the scenario's thread before its flush), or null. */
        volatile String trouble;

        Pending(Recorder rec, HistoryShipper shipper, RunKeys keys, Instrumentation.RunHooks hooks) {
            this.rec = rec;
            this.shipper = shipper;
            this.keys = keys;
            this.hooks = hooks;
        }

        /**
         * Writes the rest of the history and says done. The calling thread's interrupt flag is put
         * aside while writing (an interrupted thread cannot talk to Redis); a write that fails is not
         * counted, so the shutdown hook can try again.
         */
        synchronized void flush(String openOpNote) {
            if (flushed) {
                return;
            }
            List<Op> ops = rec.snapshot();
            if (openOpNote != null && !ops.isEmpty() && ops.get(ops.size() - 1).type() == Op.Type.INVOKE) {
                rec.info(ops.get(ops.size() - 1).f(), openOpNote);
            }
            if (!shipper.finish()) {
                return;
            }
            boolean interrupted = Thread.interrupted();
            try {
                world.redisson().<String>getList(keys.done()).add(RunKeys.doneEntry(name, trouble));
                flushed = true;
            } catch (RuntimeException e) {
                log.error("could not say done to Redis: {}", e.toString());
                return;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            hooks.finished();
            pending.compareAndSet(this, null);
            written.countDown();
        }
    }
}
