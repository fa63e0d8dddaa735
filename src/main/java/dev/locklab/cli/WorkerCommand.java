package dev.locklab.cli;

import dev.locklab.config.RedisSettings;
import dev.locklab.config.RedisUnavailableException;
import dev.locklab.config.UsageException;
import dev.locklab.metrics.LabMetrics;
import dev.locklab.metrics.MetricsEndpoint;
import dev.locklab.coord.RedisWorld;
import dev.locklab.coord.WorkerNames;
import dev.locklab.coord.WorkerRuntime;
import dev.locklab.queue.RunKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code locklab worker}: one worker process (the lesson's {@code multiprocessing.Process}) that joins
 * runs through Redis: one given run, the next announced run, or every announced run (long-lived).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Join a run through Redis as a worker (on this host, in a container, on another host).")
final class WorkerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Mixin
    RedisOption redis;

    @Option(names = "--name", paramLabel = "NAME", description = "worker name (default: $LOCKLAB_WORKER_NAME, else the container name, else the host name)")
    String name;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--run", paramLabel = "ID", description = "join this run")
        String run;
        @Option(names = "--once", description = "join the next announced run, then exit (the default)")
        boolean once;
        @Option(names = "--follow", description = "long-lived: join every announced run until stopped")
        boolean follow;
    }

    @Option(names = "--channel", paramLabel = "NAME",
            description = "with --once/--follow: join runs announced on locklab:announce:NAME (a coordinator's --channel)")
    String channel;

    @Option(names = "--join-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "how long to wait for a run to appear or start (default: ${DEFAULT-VALUE})")
    String joinTimeout;

    @Mixin
    MetricsOption metrics;

    @Option(names = "--parent-pid", hidden = true, description = "exit when this process ends (set by locklab run)")
    Long parentPid;

    @Override
    public Integer call() throws Exception {
        RedisSettings s = redis.settingsOrNull();
        if (s == null) {
            throw new UsageException("a worker joins an existing Redis: give --redis redis://host:port or set " + RedisSettings.ENV);
        }
        Duration join = RunOptions.bounded("--join-timeout", joinTimeout, Duration.ofSeconds(1), Duration.ofHours(24));
        RunKeys.announce(channel); // a bad --channel is a usage error before anything connects
        String me = workerName();
        MDC.put("worker", me);
        if (parentPid != null) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Exit.exit(ExitCodes.INTERRUPTED)),
                    () -> Exit.exit(ExitCodes.INTERRUPTED));
        }
        try (MetricsEndpoint m = metrics.start(false); RedisWorld world = connect(s, me, join)) {
            WorkerRuntime rt = new WorkerRuntime(world, me, MetricsOption.instrumentation(m), System.out, join);
            Thread hook = new Thread(() -> {
                MDC.put("worker", me);
                rt.flushOnShutdown();
                Exit.haltFromHook(2_000); // the command's own code; 130 when a signal ended it, not 143
            }, "flush-" + me);
            Runtime.getRuntime().addShutdownHook(hook);
            if (mode.run != null) {
                WorkerRuntime.Outcome o = rt.joinAndRun(mode.run);
                if (o == WorkerRuntime.Outcome.NO_SUCH_RUN) {
                    throw new UsageException("run " + mode.run + " not found in Redis at " + s + " within " + join.toSeconds() + " s");
                }
                if (o == WorkerRuntime.Outcome.NAME_TAKEN) {
                    throw nameTaken(me, mode.run);
                }
                linger(m);
                return o == WorkerRuntime.Outcome.CRASHED ? ExitCodes.INTERNAL : ExitCodes.VALID;
            }
            int code = follow(world, rt, me, join, !mode.follow);
            linger(m);
            return code;
        }
    }

    private static UsageException nameTaken(String name, String runId) {
        return new UsageException("another worker named '" + name + "' already joined run " + runId
                + "; give each worker its own --name (or LOCKLAB_WORKER_NAME)");
    }

    private int follow(RedisWorld world, WorkerRuntime rt, String me, Duration join, boolean once) throws InterruptedException {
        String announceKey = RunKeys.announce(channel);
        var announce = world.redisson().<String>getBucket(announceKey);
        String last = null;
        log.info("waiting for runs announced on {}", announceKey);
        long end = System.nanoTime() + join.toNanos();
        while (!once || System.nanoTime() < end) {
            String id;
            try {
                id = announce.get();
            } catch (RuntimeException e) {
                log.warn("Redis unavailable ({}); retrying", e.getMessage());
                Thread.sleep(1000);
                continue;
            }
            if (id != null && !id.equals(last)) {
                last = id;
                if (!"seeded".equals(world.redisson().getBucket(new RunKeys(id).state()).get())) {
                    continue; // already started or over: wait for the next one
                }
                WorkerRuntime.Outcome o;
                try {
                    o = rt.joinAndRun(id);
                } catch (RuntimeException e) {
                    log.warn("run {} failed for this worker: {}", id, e.toString());
                    continue;
                }
                if (once && o == WorkerRuntime.Outcome.NAME_TAKEN) {
                    throw nameTaken(me, id);
                }
                if (once && (o == WorkerRuntime.Outcome.FINISHED || o == WorkerRuntime.Outcome.CRASHED)) {
                    return o == WorkerRuntime.Outcome.CRASHED ? ExitCodes.INTERNAL : ExitCodes.VALID;
                }
            } else {
                Thread.sleep(50);
            }
        }
        System.err.println("locklab: no run was announced on " + announceKey + " within " + join.toSeconds()
                + " s; is a coordinator running against the same Redis?");
        return ExitCodes.UNKNOWN;
    }

    /**
     * Connects, retrying while Redis is not reachable yet (a container or pod may start before Redis):
     * a long-lived worker keeps trying, others for at most {@code --join-timeout}. Wrong credentials
     * are not retried.
     */
    private RedisWorld connect(RedisSettings s, String me, Duration join) throws InterruptedException {
        long end = System.nanoTime() + join.toNanos();
        while (true) {
            try {
                return RedisWorld.connect(s, "locklab-" + me);
            } catch (RedisUnavailableException e) {
                if (e.getMessage().contains("credentials") || (!mode.follow && System.nanoTime() > end)) {
                    throw e;
                }
                log.warn("{}; retrying in 2 s", e.getMessage());
                Thread.sleep(2000);
            }
        }
    }

    /** A one-shot worker stays until Prometheus scraped its final counts (a short run still shows up). */
    private static void linger(MetricsEndpoint m) {
        if (m != null) {
            m.linger(LabMetrics.DEFAULT_LINGER);
        }
    }

    private String workerName() {
        return name != null && !name.isBlank() ? name : WorkerNames.defaultName();
    }
}
