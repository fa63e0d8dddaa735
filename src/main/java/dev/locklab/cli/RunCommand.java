package dev.locklab.cli;

import dev.locklab.config.RedisSettings;
import dev.locklab.config.RunSpec;
import dev.locklab.coord.Instrumentation;
import dev.locklab.coord.LocalWorkers;
import dev.locklab.coord.RoundBrokeException;
import dev.locklab.coord.RoundOptions;
import dev.locklab.coord.ThreadLab;
import dev.locklab.history.RunHistory;
import dev.locklab.metrics.LabMetrics;
import dev.locklab.metrics.MetricsEndpoint;
import dev.locklab.metrics.TargetsFile;
import dev.locklab.report.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.concurrent.Callable;

/**
 * {@code locklab run}: one lesson run on this machine, with worker JVMs it starts itself (or threads
 * with {@code --threads}), on the given Redis or an embedded one. Ctrl-C stops the workers, writes
 * the partial results and stops the embedded Redis.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one lesson: seed, start N worker processes, judge, report.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;
    @Mixin
    RedisOption redis;

    @Option(names = "--threads", description = "workers as threads of this JVM on ReentrantLock + LinkedBlockingQueue (no Redis)")
    boolean threads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "where run directories go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quiet", description = "do not echo the workers' own lines (the lesson's prints)")
    boolean quiet;

    @Mixin
    MetricsOption metrics;

    @Override
    public Integer call() throws Exception {
        RunSpec spec = run.toSpec(run.scenario, 1);
        RedisSettings given = threads ? null : redis.settingsOrNull();
        PrintStream console = System.out;
        console.println("locklab run " + spec.runId() + ": " + spec.scenario() + " with " + spec.workers() + " "
                + (threads ? "threads" : "worker processes") + usesLockText(spec));
        try (MetricsEndpoint m = metrics.startCoordinator(true, spec.lock())) {
            Instrumentation instr = MetricsOption.instrumentation(m);
            if (m != null) {
                console.println("metrics: http://127.0.0.1:" + m.port() + "/metrics (coordinator)"
                        + (threads ? "" : " and ports " + (m.port() + 1) + ".." + (m.port() + spec.workers()) + " (workers)")
                        + "; Prometheus targets in " + TargetsFile.writeTo(out, targets(m.port(), threads ? 0 : spec.workers())));
            }
            int code;
            if (threads) {
                code = runThreads(spec, instr, console);
            } else {
                code = new Session(given, console, instr).run(s -> {
                    IntFunction<List<String>> extra = i -> m == null ? List.of() : List.of("--metrics-port", Integer.toString(m.port() + i));
                    LocalWorkers workers = new LocalWorkers(spec.workers(), s.settings(), console, !quiet, extra);
                    s.onStop(workers::stop);
                    RunResult r;
                    try {
                        RunHistory h = s.coordinator().runRound(spec, new RoundOptions(null, Duration.ofSeconds(60), Duration.ZERO), workers);
                        r = Judge.judgeAndReport(h, out, console, true, s.interrupted(), instr);
                    } catch (RoundBrokeException e) {
                        workers.stop();
                        r = Judge.reportBroken(e, out, console, true, instr);
                        console.println("locklab: " + e.getMessage());
                        return r.exitCode();
                    }
                    workers.awaitExit(m == null ? 5000 : LabMetrics.DEFAULT_LINGER.toMillis() + 5000);
                    return r.exitCode();
                });
            }
            if (m != null) {
                console.println("metrics: keeping the endpoint up until Prometheus has scraped it twice (at most "
                        + LabMetrics.DEFAULT_LINGER.toSeconds() + " s)");
                m.linger(LabMetrics.DEFAULT_LINGER);
            }
            return code;
        }
    }

    /**
     * {@code run --threads}: one JVM, no Redis. Ctrl-C / SIGTERM ends the round early with its partial
     * results written, as for worker processes. The command's thread runs the round; the shutdown hook
     * only asks it to stop and waits for it.
     */
    private int runThreads(RunSpec spec, Instrumentation instr, PrintStream console) throws InterruptedException {
        ThreadLab lab = new ThreadLab(instr, quiet ? nullStream() : console);
        CountDownLatch written = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (written.getCount() == 0) {
                return;
            }
            interrupted.set(true);
            console.println();
            console.println("locklab: interrupted; stopping the worker threads and writing partial results");
            lab.abort("stopped by an interrupt (Ctrl-C / SIGTERM) before the run ended");
            try {
                written.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Exit.haltFromHook(10_000);
        }, "locklab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunHistory h = lab.runRound(spec);
            return Judge.judgeAndReport(h, out, console, true, interrupted.get(), instr).exitCode();
        } finally {
            written.countDown();
            Exit.removeShutdownHook(hook);
        }
    }

    private static List<TargetsFile.Target> targets(int port, int workers) {
        List<TargetsFile.Target> t = new ArrayList<>();
        t.add(new TargetsFile.Target("127.0.0.1:" + port, "coordinator"));
        for (int i = 1; i <= workers; i++) {
            t.add(new TargetsFile.Target("127.0.0.1:" + (port + i), "worker"));
        }
        return t;
    }

    static String usesLockText(RunSpec spec) {
        return spec.scenario().equals("racy-drain") ? ", no lock, gap " + spec.gap().toMillis() + " ms"
                : ", lock " + spec.lock();
    }

    static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
