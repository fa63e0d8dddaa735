package dev.locklab.cli;

import dev.locklab.checker.Verdict;
import dev.locklab.config.RedisSettings;
import dev.locklab.config.RunSpec;
import dev.locklab.config.UsageException;
import dev.locklab.coord.Instrumentation;
import dev.locklab.coord.RoundOptions;
import dev.locklab.metrics.LabMetrics;
import dev.locklab.metrics.MetricsEndpoint;
import dev.locklab.coord.RoundBrokeException;
import dev.locklab.queue.RunKeys;
import dev.locklab.coord.WorkerLauncher;
import dev.locklab.history.RunHistory;
import dev.locklab.report.RunResult;
import dev.locklab.scenario.Scenarios;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code locklab coordinator}: seeds and judges runs for workers that join from elsewhere
 * (containers, pods, other hosts). One run, N rounds, or rounds forever (workshop mode), alternating
 * scenarios. Exit code: the worst verdict of the rounds.
 *
 * <p>With metrics on, the coordinator's meters are registered as the endpoint starts (0 before the first
 * round), and a coordinator that is not {@code --forever} keeps its endpoint up after its last round
 * until Prometheus has scraped it twice more, at most {@link LabMetrics#DEFAULT_LINGER}, as {@code run}
 * and one-shot workers do: a one-round lesson (compose {@code lesson}, the k8s coordinator Job) still
 * shows up. Runs on the command's thread; the session's shutdown hook is the only other thread.
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Coordinate runs for external workers (compose, Kubernetes, other hosts); workshop rounds.")
final class CoordinatorCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorCommand.class);

    @Mixin
    RunOptions run;
    @Mixin
    RedisOption redis;

    @Option(names = "--scenarios", paramLabel = "ID,ID", split = ",",
            description = "scenarios to alternate between rounds (default: --scenario)")
    List<String> scenarios;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "rounds to run (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--forever", description = "workshop mode: rounds until stopped")
    boolean forever;

    @Option(names = "--round-pause", paramLabel = "DURATION", defaultValue = "5s",
            description = "pause between rounds (default: ${DEFAULT-VALUE})")
    String roundPause;

    @Option(names = "--channel", paramLabel = "NAME",
            description = "announce rounds on locklab:announce:NAME instead of locklab:announce; only workers started with the same --channel join")
    String channel;

    @Option(names = "--join-timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "how long to wait for the expected workers (default: ${DEFAULT-VALUE})")
    String joinTimeout;

    @Option(names = "--join-window", paramLabel = "DURATION", defaultValue = "3s",
            description = "with --workers 0: collect whoever joins within this window (default: ${DEFAULT-VALUE})")
    String joinWindow;

    @Mixin
    MetricsOption metrics;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "where run directories go (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        RedisSettings s = redis.settingsOrNull();
        if (s == null) {
            throw new UsageException("external workers need a Redis they can reach: give --redis redis://host:port or set " + RedisSettings.ENV);
        }
        List<String> ids = scenarios == null || scenarios.isEmpty() ? List.of(run.scenario) : scenarios;
        ids.forEach(Scenarios::get);
        run.toSpec(ids.get(0), 0); // validate every option before connecting
        if (rounds < 1) {
            throw new UsageException("--rounds " + rounds + " must be at least 1");
        }
        RoundOptions opts = new RoundOptions(RunKeys.announce(channel),
                RunOptions.bounded("--join-timeout", joinTimeout, Duration.ofSeconds(1), Duration.ofHours(24)),
                RunOptions.bounded("--join-window", joinWindow, Duration.ofMillis(100), Duration.ofMinutes(10)));
        Duration pause = RunOptions.bounded("--round-pause", roundPause, Duration.ZERO, Duration.ofHours(1));
        MetricsEndpoint m = metrics.startCoordinator(false, run.lock);
        Instrumentation instr = MetricsOption.instrumentation(m);
        if (m != null) {
            System.out.println("metrics: port " + m.port() + " /metrics");
        }
        try {
            int code = coordinate(s, ids, opts, pause, instr);
            if (m != null && code != ExitCodes.INTERRUPTED) {
                // after the last round (never reached --forever): let Prometheus store the final values
                linger(m);
            }
            return code;
        } finally {
            if (m != null) {
                m.close();
            }
        }
    }

    /**
     * Keeps the endpoint up until Prometheus has scraped it twice more, at most
     * {@link LabMetrics#DEFAULT_LINGER}. A signal meanwhile still ends the process with the documented
     * 130 (the session's own hook is gone by now).
     */
    private static void linger(MetricsEndpoint m) {
        System.out.println("metrics: keeping the endpoint up until Prometheus has scraped it twice (at most "
                + LabMetrics.DEFAULT_LINGER.toSeconds() + " s)");
        Thread hook = new Thread(() -> Exit.haltFromHook(0), "locklab-linger-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            m.linger(LabMetrics.DEFAULT_LINGER);
        } finally {
            Exit.removeShutdownHook(hook);
        }
    }

    private int coordinate(RedisSettings s, List<String> ids, RoundOptions opts, Duration pause, Instrumentation instr) throws Exception {
        return new Session(s, System.out, instr).run(session -> {
            Verdict.Status worst = Verdict.Status.VALID;
            for (int i = 0; forever || i < rounds; i++) {
                RunSpec spec = run.toSpec(ids.get(i % ids.size()), 0);
                System.out.println("round " + (i + 1) + ": " + spec.runId() + " (" + spec.scenario() + ", "
                        + (spec.workers() == 0 ? "whoever joins" : spec.workers() + " workers") + ")");
                RunHistory h;
                try {
                    h = session.coordinator().runRound(spec, opts, WorkerLauncher.EXTERNAL);
                } catch (RoundBrokeException e) {
                    RunResult broken = Judge.reportBroken(e, out, System.out, true, instr);
                    System.out.println("locklab: round " + (i + 1) + " " + e.getMessage());
                    if (!forever || session.interrupted()) {
                        return session.interrupted() ? ExitCodes.INTERRUPTED : broken.exitCode();
                    }
                    Thread.sleep(pause.toMillis()); // a workshop goes on: Redis may be back for the next round
                    continue;
                }
                boolean interrupted = session.interrupted();
                RunResult r = Judge.judgeAndReport(h, out, System.out, true, interrupted, instr);
                if (interrupted) {
                    return ExitCodes.INTERRUPTED;
                }
                worst = worst.worse(r.status());
                if (forever || i + 1 < rounds) {
                    Thread.sleep(pause.toMillis());
                }
            }
            log.info("{} rounds done; worst verdict {}", rounds, worst);
            return worst.exitCode();
        });
    }
}
