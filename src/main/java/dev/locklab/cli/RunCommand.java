package dev.locklab.cli;

import dev.locklab.config.RunSpec;
import dev.locklab.coord.Instrumentation;
import dev.locklab.coord.LocalWorkers;
import dev.locklab.coord.RoundOptions;
import dev.locklab.coord.ThreadLab;
import dev.locklab.history.RunHistory;
import dev.locklab.report.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Override
    public Integer call() throws Exception {
        RunSpec spec = run.toSpec(run.scenario, 1);
        PrintStream console = System.out;
        console.println("locklab run " + spec.runId() + ": " + spec.scenario() + " with " + spec.workers() + " "
                + (threads ? "threads" : "worker processes") + (usesLockText(spec)));
        if (threads) {
            RunHistory h = new ThreadLab(Instrumentation.NONE, quiet ? nullStream() : console).runRound(spec);
            return Judge.judgeAndReport(h, out, console, true, false).exitCode();
        }
        return new Session(redis.settingsOrNull(), console).run(s -> {
            LocalWorkers workers = new LocalWorkers(spec.workers(), s.settings(), console, !quiet, List.of());
            s.onStop(workers::stop);
            RunHistory h = s.coordinator().runRound(spec, new RoundOptions(false, Duration.ofSeconds(60), Duration.ZERO), workers);
            RunResult r = Judge.judgeAndReport(h, out, console, true, s.interrupted());
            workers.awaitExit(5000);
            return r.exitCode();
        });
    }

    static String usesLockText(RunSpec spec) {
        return spec.scenario().equals("racy-drain") ? ", no lock, gap " + spec.gap().toMillis() + " ms"
                : ", lock " + spec.lock();
    }

    static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
