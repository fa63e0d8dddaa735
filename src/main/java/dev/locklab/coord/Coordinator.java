package dev.locklab.coord;

import dev.locklab.config.RunSpec;
import dev.locklab.history.Op;
import dev.locklab.history.Recorder;
import dev.locklab.history.RunHistory;
import dev.locklab.lock.LockBackends;
import dev.locklab.queue.RunKeys;
import dev.locklab.scenario.Scenarios;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.Lock;

/**
 * Runs one round through Redis: seeds the queue, gathers the workers, starts them together, holds the
 * lock first in the reentrant demo, watches them (stranded workers are named and released; the run
 * has a deadline), and gathers every history into a {@link RunHistory}. Records only; judging is
 * the checkers' job.
 *
 * <p>One coordinator thread calls {@link #runRound}; {@link #abort(String)} may be called from any
 * thread (a shutdown hook) and makes the round end early with what it has.
 */
public final class Coordinator {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    static final String NAME = "coordinator";
    /** Spec hash field: how long a worker that joined waits for the start signal, in ms. */
    static final String START_WAIT_FIELD = "startWaitMs";

    private final RedisWorld world;
    private final Instrumentation instrumentation;
    private final PrintStream out;
    private volatile String abortReason;
    private volatile boolean breakNow;

    public Coordinator(RedisWorld world, Instrumentation instrumentation, PrintStream out) {
        this.world = world;
        this.instrumentation = instrumentation;
        this.out = out;
    }

    /** Ends the round in progress as soon as possible; its partial history is still gathered. */
    public void abort(String reason) {
        abortReason = reason;
        breakNow = true;
    }

    /**
     * Says the workers are being stopped (their processes signalled): every worker that finishes from
     * now on is reported unfinished for {@code reason}, not as having finished. Any thread.
     */
    public void stopping(String reason) {
        abortReason = reason;
    }

    public boolean aborted() {
        return abortReason != null;
    }

    /** The items of a run: {@code "<id>:<digit>"}, digits 0..9 from the seed, as in the lesson. */
    public static List<String> items(RunSpec spec) {
        List<String> items = new ArrayList<>();
        if (Scenarios.usesQueue(spec.scenario())) {
            Random rnd = new Random(spec.seed());
            for (int i = 1; i <= spec.items(); i++) {
                items.add(i + ":" + rnd.nextInt(10));
            }
        }
        return items;
    }

    /**
     * Runs one round to its end (or abort) and returns its history.
     *
     * @throws RoundBrokeException when the round could not be completed (Redis failed mid-round): it
     *                             carries what the coordinator itself recorded, so the run can still be reported
     */
    public RunHistory runRound(RunSpec spec, RoundOptions opts, WorkerLauncher launcher) throws InterruptedException {
        MDC.put("run", spec.runId());
        MDC.put("worker", NAME);
        Recorder coord = new Recorder(NAME);
        List<String> seeded = items(spec);
        List<String> participants = List.of();
        long t0 = System.nanoTime();
        try {
            RedissonClient r = world.redisson();
            RunKeys keys = new RunKeys(spec.runId());
            seed(r, keys, spec, seeded, opts);
            if (opts.announceKey() != null) {
                r.getBucket(opts.announceKey()).set(spec.runId());
            }
            launcher.launch(spec.runId());
            Gathering g = new Gathering(r, keys, spec, opts, launcher, this::aborted);
            participants = g.await();
            Lock held = null;
            if (spec.scenario().equals(Scenarios.REENTRANT) && !participants.isEmpty()) {
                held = holdFirst(r, keys, spec, coord);
            }
            r.getBucket(keys.state()).set("started");
            t0 = System.nanoTime();
            for (String w : participants) {
                r.<String>getList(keys.start(w)).add("go");
            }
            if (held != null) {
                releaseAfterHold(held, spec, coord, r, keys);
            }
            Monitor.Result res;
            try (BlockedClients clients = new BlockedClients(world.settings())) {
                Monitor m = new Monitor(r, keys, spec, participants, launcher, instrumentation, this::abortReason,
                        () -> breakNow, clients);
                res = participants.isEmpty() ? Monitor.Result.none() : m.watch(t0);
            }
            r.getBucket(keys.state()).set("finished");
            Map<String, String> unfinished = new LinkedHashMap<>(g.missing());
            unfinished.putAll(res.unfinished());
            return new HistoryCollector(r, keys).collect(spec, seeded, participants,
                    coord.snapshot(), res.stranded(), unfinished, res.durationNanos(), res.running());
        } catch (RuntimeException e) {
            // Redis failed mid-round (or a bug): the workers' histories cannot be gathered; report
            // what the coordinator knows instead of losing the run
            Map<String, String> cut = new LinkedHashMap<>();
            participants.forEach(p -> cut.put(p, "the round broke off: " + e));
            throw new RoundBrokeException(new RunHistory(spec, seeded, coord.snapshot(), List.of(), participants,
                    Map.of(), cut, System.nanoTime() - t0), e);
        } finally {
            MDC.remove("run");
        }
    }

    private String abortReason() {
        return abortReason;
    }

    private void seed(RedissonClient r, RunKeys keys, RunSpec spec, List<String> seeded, RoundOptions opts) {
        Map<String, String> m = new LinkedHashMap<>(spec.toMap());
        // workers wait for the start as long as the coordinator may wait for them, plus a margin
        m.put(START_WAIT_FIELD, Long.toString(opts.joinTimeout().plus(opts.joinWindow()).plusSeconds(30).toMillis()));
        r.<String, String>getMap(keys.spec()).putAll(m);
        if (!seeded.isEmpty()) {
            r.<String>getList(keys.queue()).addAll(seeded);
        }
        LockBackends.prepare(spec.lock(), r, keys.lock());
        r.getBucket(keys.state()).set("seeded");
        log.info("seeded run {}: {} items, scenario {}, lock {}", spec.runId(), seeded.size(), spec.scenario(), spec.lock());
    }

    private Lock holdFirst(RedissonClient r, RunKeys keys, RunSpec spec, Recorder coord) {
        Lock lock = LockBackends.redis(spec.lock(), r, world::jedis, keys.lock(), spec.lease());
        coord.invoke("acquire");
        lock.lock();
        coord.complete(Op.Type.OK, "acquire", "1", -1, 0, "the coordinator holds the lock first");
        coord.complete(Op.Type.OK, "enter", null, r.getAtomicLong(keys.seq()).incrementAndGet(), -1, null);
        coord.complete(Op.Type.INFO, "hold", Long.toString(spec.hold().toMillis()), -1, -1, "holding the lock before the workers start");
        out.println("coordinator: holding the lock for " + spec.hold().toMillis() + " ms (redis-cli HGETALL " + keys.lock() + ")");
        return lock;
    }

    private void releaseAfterHold(Lock lock, RunSpec spec, Recorder coord, RedissonClient r, RunKeys keys) throws InterruptedException {
        try {
            // in slices, so an interrupt (Ctrl-C) ends the hold at once instead of after it
            long end = System.nanoTime() + spec.hold().toNanos();
            for (long left = end - System.nanoTime(); left > 0 && !breakNow; left = end - System.nanoTime()) {
                Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            }
        } finally {
            coord.complete(Op.Type.OK, "exit", null, r.getAtomicLong(keys.seq()).incrementAndGet(), -1, null);
            // printed before the unlock: a worker's line (relayed from its process) can only follow it
            out.println("coordinator: releasing the lock after " + spec.hold().toMillis() + " ms");
            out.flush();
            coord.invoke("release");
            try {
                lock.unlock();
                coord.ok("release", "0");
            } catch (IllegalMonitorStateException e) {
                // the lease ran out while we held it: someone else may have been inside meanwhile,
                // which is the lesson's lease caveat; the mutual-exclusion checker judges it
                coord.fail("release", e.getMessage());
                out.println("coordinator: the lock was no longer mine when I released it (" + e.getMessage()
                        + "): its lease ran out during the hold");
            }
        }
    }
}
