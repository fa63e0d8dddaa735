package dev.locklab.coord;

import dev.locklab.config.Durations;
import dev.locklab.config.RunSpec;
import dev.locklab.history.Op;
import dev.locklab.history.Recorder;
import dev.locklab.history.RunHistory;
import dev.locklab.lock.LockBackends;
import dev.locklab.scenario.Scenarios;
import dev.locklab.scenario.WorkerContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * The same scenarios as threads of one JVM on {@link java.util.concurrent.locks.ReentrantLock} and
 * {@link LinkedBlockingQueue}: no Redis, for unit tests and the "threads vs processes" comparison.
 * Stranded threads are detected and released the same way as stranded processes (a pill on the
 * queue). Not thread-safe: one caller runs one round at a time.
 */
public final class ThreadLab {
    private final Instrumentation instrumentation;
    private final PrintStream out;
    private volatile String abortReason;

    public ThreadLab(Instrumentation instrumentation, PrintStream out) {
        this.instrumentation = instrumentation;
        this.out = out;
    }

    /**
     * Ends the round in progress as soon as possible (a shutdown hook calls it on Ctrl-C): the worker
     * threads still running are interrupted and named unfinished for {@code reason}, and the round
     * returns its partial history. Any thread.
     */
    public void abort(String reason) {
        abortReason = reason;
    }

    public RunHistory runRound(RunSpec spec) throws InterruptedException {
        Lock raw = LockBackends.local(spec.lock());
        List<String> seeded = Coordinator.items(spec);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(seeded);
        AtomicLong seq = new AtomicLong();
        Recorder coord = new Recorder(Coordinator.NAME);
        List<Recorder> recs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= spec.workers(); i++) {
            String name = "worker-" + i;
            Recorder rec = new Recorder(name);
            Instrumentation.RunHooks hooks = instrumentation.forRun(spec, name);
            rec.addListener(hooks.listener());
            WorkerContext ctx = new WorkerContext(name, spec, hooks.decorate(raw), queue, seq::incrementAndGet,
                    LockBackends.holdCount(raw), rec, out);
            recs.add(rec);
            threads.add(new Thread(() -> {
                try {
                    Scenarios.get(spec.scenario()).run(ctx);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hooks.finished();
                }
            }, name));
        }
        boolean hold = spec.scenario().equals(Scenarios.REENTRANT);
        if (hold) {
            raw.lock();
            coord.complete(Op.Type.OK, "acquire", "1", -1, 0, "the coordinator holds the lock first");
            coord.complete(Op.Type.OK, "enter", null, seq.incrementAndGet(), -1, null);
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        if (hold) {
            long until = System.nanoTime() + spec.hold().toNanos();
            while (System.nanoTime() < until && abortReason == null) {
                Thread.sleep(10);
            }
            coord.complete(Op.Type.OK, "exit", null, seq.incrementAndGet(), -1, null);
            raw.unlock();
            coord.ok("release", "0");
        }
        Map<String, String> stranded = new LinkedHashMap<>();
        Map<String, String> unfinished = new LinkedHashMap<>();
        long end = watch(spec, queue, threads, stranded, unfinished, t0, () -> abortReason);
        List<Op> ops = new ArrayList<>(coord.snapshot());
        recs.forEach(r -> ops.addAll(r.snapshot()));
        List<String> leftover = new ArrayList<>(queue);
        leftover.remove(WorkerContext.RELEASE_PILL);
        List<String> names = threads.stream().map(Thread::getName).toList();
        return new RunHistory(spec, seeded, ops, leftover, names, stranded, unfinished, end - t0);
    }

    private static long watch(RunSpec spec, BlockingQueue<String> queue, List<Thread> threads,
                              Map<String, String> stranded, Map<String, String> unfinished, long t0,
                              java.util.function.Supplier<String> abort) throws InterruptedException {
        long deadline = t0 + spec.deadline().toNanos();
        long threshold = Monitor.strandedThreshold(spec).toNanos();
        long emptySince = -1;
        long lastFinish = t0;
        int alive = threads.size();
        while (alive > 0) {
            Thread.sleep(10);
            long now = System.nanoTime();
            int stillAlive = (int) threads.stream().filter(Thread::isAlive).count();
            if (stillAlive < alive && stranded.isEmpty()) {
                lastFinish = now;
            }
            alive = stillAlive;
            String stop = abort.get();
            if (now > deadline || stop != null) {
                String why = stop != null ? stop : "still running at the deadline of " + Durations.format(spec.deadline());
                for (Thread t : threads) {
                    if (t.isAlive() && !stranded.containsKey(t.getName())) {
                        unfinished.put(t.getName(), why);
                        t.interrupt();
                    }
                }
                for (Thread t : threads) {
                    t.join(2000);
                }
                lastFinish = System.nanoTime();
                break;
            }
            emptySince = queue.isEmpty() && Scenarios.usesQueue(spec.scenario()) ? (emptySince < 0 ? now : emptySince) : -1;
            if (emptySince >= 0 && now - emptySince >= threshold) {
                for (Thread t : threads) {
                    if (t.isAlive() && !stranded.containsKey(t.getName())) {
                        stranded.put(t.getName(), Monitor.strandedReason("still running (so blocked in take())", now - emptySince));
                        queue.add(WorkerContext.RELEASE_PILL);
                    }
                }
            }
        }
        return lastFinish;
    }
}
