package dev.locklab.cli;

import dev.locklab.checker.Verdict;
import dev.locklab.config.RunSpec;
import dev.locklab.config.UsageException;
import dev.locklab.coord.LocalWorkers;
import dev.locklab.coord.RoundBrokeException;
import dev.locklab.coord.RoundOptions;
import dev.locklab.queue.RunKeys;
import dev.locklab.history.RunHistory;
import dev.locklab.report.CompareReport;
import dev.locklab.report.RunResult;
import dev.locklab.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code locklab compare}: racy-drain and locked-drain, alternating, M trials each, with the same N
 * long-lived worker processes; prints them side by side (race rate, duration, items/s, wait p99).
 * Exit code: the worst verdict of the locked trials (the racy ones are expected to fail).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Racy vs locked drain side by side over M trials: race rate, items/s, lock wait p99.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;
    @Mixin
    RedisOption redis;

    @Option(names = "--trials", paramLabel = "M", defaultValue = "20", description = "trials per scenario (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "where run directories go (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || trials > 1000) {
            throw new UsageException("--trials " + trials + " is out of range; use 1..1000");
        }
        run.toSpec(Scenarios.LOCKED, 1);
        PrintStream console = System.out;
        console.println("locklab compare: " + trials + " trials each of racy-drain (gap " + run.gap + ") and locked-drain (lock "
                + run.lock + "), " + run.workers + " worker processes");
        return new Session(redis.settingsOrNull(), console, dev.locklab.coord.Instrumentation.NONE).run(s -> {
            LocalWorkers workers = new LocalWorkers(run.workers, s.settings(), console, false, i -> List.of());
            s.onStop(workers::stop);
            // a channel of its own: workshop workers on the same Redis never join its trials, nor its workers theirs
            String channel = "compare-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            workers.startFollowers(channel);
            RoundOptions opts = new RoundOptions(RunKeys.announce(channel), Duration.ofSeconds(60), Duration.ZERO);
            List<CompareReport.Trial> racy = new ArrayList<>();
            List<CompareReport.Trial> locked = new ArrayList<>();
            Verdict.Status worst = Verdict.Status.VALID;
            for (int t = 1; t <= trials && !s.interrupted(); t++) {
                StringBuilder line = new StringBuilder("trial " + t + "/" + trials + ":");
                for (String id : List.of(Scenarios.RACY, Scenarios.LOCKED)) {
                    RunSpec spec = run.toSpec(id, 1);
                    RunHistory h;
                    try {
                        h = s.coordinator().runRound(spec, opts, workers);
                    } catch (RoundBrokeException e) {
                        workers.stop();
                        RunResult broken = Judge.reportBroken(e, out, console, true, s.instrumentation());
                        console.println("locklab: trial " + t + " " + e.getMessage() + "; compare stopped");
                        return broken.exitCode();
                    }
                    RunResult r = Judge.judgeAndReport(h, out, console, false, s.interrupted(), s.instrumentation());
                    (id.equals(Scenarios.RACY) ? racy : locked).add(new CompareReport.Trial(r, h));
                    if (id.equals(Scenarios.LOCKED)) {
                        worst = worst.worse(r.status());
                    }
                    line.append(String.format("  %s %s %.2f s%s", id, r.status(), r.durationMillis() / 1000,
                            r.stranded().isEmpty() ? "" : " stranded " + String.join(",", r.stranded().keySet())));
                }
                console.println(line);
            }
            workers.stop();
            CompareReport report = CompareReport.of(racy, locked);
            console.println();
            console.print(report.render());
            Path file = report.write(out.resolve("compare-" + RunOptions.newRunId("x").substring(2)));
            console.println("results: " + file);
            return s.interrupted() ? ExitCodes.INTERRUPTED : worst.exitCode();
        });
    }
}
