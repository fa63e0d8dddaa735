package dev.locklab.metrics;

import dev.locklab.checker.Verdict;
import dev.locklab.config.RedisSettings;
import dev.locklab.config.RunSpec;
import dev.locklab.history.Op;
import dev.locklab.history.Recorder;
import dev.locklab.history.RunHistory;
import dev.locklab.queue.RunKeys;
import dev.locklab.redis.RedisClients;
import dev.locklab.scenario.Scenarios;
import dev.locklab.scenario.WorkerContext;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.Lock;

/**
 * The workbench of {@link MetricsCost} (metrics on vs off around the real scenario code, in one JVM):
 * each "worker process" has its own LabMetrics, MetricsServer (loopback, ephemeral port) and Redisson client, and
 * runs the real scenario code on a real Redis lock and queue; a "coordinator" seeds, releases stranded
 * workers with the pill, judges crudely and reports through {@link CoordinatorMeters}.
 */
final class MiniLab implements AutoCloseable {
    record Proc(String name, LabMetrics metrics, MetricsServer server, RedissonClient redisson) {
    }

    private final List<Proc> workers = new ArrayList<>();
    private final Proc coordinator;
    private final CoordinatorMeters coord;
    /** False: workers run without the metered lock and listener (to measure what metrics cost). */
    volatile boolean metered = true;

    MiniLab(RedisSettings redis, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            workers.add(proc("worker-" + i, redis));
        }
        coordinator = proc("coordinator", redis);
        coord = coordinator.metrics().coordinator("reentrant");
    }

    private static Proc proc(String name, RedisSettings redis) throws Exception {
        LabMetrics m = LabMetrics.create();
        return new Proc(name, m, MetricsServer.start(m, new InetSocketAddress("127.0.0.1", 0)),
                RedisClients.redisson(redis, "locklab-it-" + name));
    }

    List<Proc> processes() {
        List<Proc> all = new ArrayList<>(workers);
        all.add(coordinator);
        return all;
    }

    List<TargetsFile.Target> targets() {
        return processes().stream().map(p -> new TargetsFile.Target("127.0.0.1:" + p.server().port(),
                p == coordinator ? "coordinator" : "worker")).toList();
    }

    /** Runs one scenario to the end on every worker and returns what the coordinator exported. */
    FinishedRun run(String runId, String scenario, int items, Duration gap) throws Exception {
        return run(runId, scenario, items, gap, Duration.ofMillis(1));
    }

    FinishedRun run(String runId, String scenario, int items, Duration gap, Duration pause) throws Exception {
        RunSpec spec = new RunSpec(runId, scenario, "reentrant", workers.size(), items, 7, gap, pause,
                Duration.ZERO, Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(1));
        RunKeys keys = new RunKeys(runId);
        Random rnd = new Random(7);
        List<String> seeded = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            seeded.add(i + ":" + rnd.nextInt(10));
        }
        RedissonClient cr = coordinator.redisson();
        cr.<String>getQueue(keys.queue()).addAll(seeded);
        coord.queueDepth(scenario, "reentrant", items);
        List<Recorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Proc p : workers) {
            Recorder rec = new Recorder(p.name());
            recorders.add(rec);
            RunMeters m = p.metrics().forRun(runId, scenario, p.name(), "reentrant");
            RLock raw = p.redisson().getLock(keys.lock());
            Lock lock = raw;
            if (metered) {
                rec.addListener(m.listener());
                lock = m.decorate(raw);
            }
            WorkerContext ctx = new WorkerContext(p.name(), spec, lock, p.redisson().getBlockingQueue(keys.queue()),
                    p.redisson().getAtomicLong(keys.seq())::incrementAndGet, raw::getHoldCount, rec,
                    new PrintStream(OutputStream.nullOutputStream()));
            Thread t = new Thread(() -> {
                try (m) {
                    Scenarios.get(scenario).run(ctx);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "it-" + p.name());
            threads.add(t);
            t.start();
        }
        Map<String, String> stranded = new LinkedHashMap<>();
        long deadline = System.nanoTime() + spec.deadline().toNanos();
        while (threads.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            boolean someDone = threads.stream().anyMatch(t -> !t.isAlive());
            if (someDone && cr.getQueue(keys.queue()).isEmpty()) {
                long until = System.nanoTime() + spec.strandedAfter().toNanos();
                for (Thread t : threads) {
                    t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                }
                for (int i = 0; i < threads.size(); i++) {
                    if (threads.get(i).isAlive()) {
                        stranded.put(workers.get(i).name(), "blocked in take() on an empty queue");
                        cr.<String>getQueue(keys.queue()).add(WorkerContext.RELEASE_PILL);
                    }
                }
                for (Thread t : threads) {
                    t.join(10_000);
                }
            } else {
                threads.stream().filter(Thread::isAlive).findFirst().ifPresent(t -> {
                    try {
                        t.join(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        long duration = System.nanoTime() - t0;
        List<Op> ops = new ArrayList<>();
        recorders.forEach(r -> ops.addAll(r.snapshot()));
        List<String> leftover = new ArrayList<>(cr.<String>getQueue(keys.queue()).readAll());
        cr.getQueue(keys.queue()).delete();
        long taken = ops.stream().filter(o -> o.is(Op.Type.OK, "take")).count();
        Verdict.Status verdict = stranded.isEmpty() && (!Scenarios.usesQueue(scenario) || taken == items)
                ? Verdict.Status.VALID : Verdict.Status.INVALID;
        RunHistory h = new RunHistory(spec, seeded, ops, leftover, workers.stream().map(Proc::name).toList(),
                stranded, Map.of(), duration);
        FinishedRun r = FinishedRun.of(h, verdict);
        coord.runFinished(r);
        return r;
    }

    @Override
    public void close() {
        for (Proc p : processes()) {
            p.server().stop();
            p.redisson().shutdown();
            p.metrics().close();
        }
    }
}
