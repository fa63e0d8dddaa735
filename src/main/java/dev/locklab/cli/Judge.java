package dev.locklab.cli;

import dev.locklab.checker.Checkers;
import dev.locklab.checker.Verdict;
import dev.locklab.coord.Instrumentation;
import dev.locklab.coord.RoundBrokeException;
import dev.locklab.history.RunHistory;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import dev.locklab.report.SummaryTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * After a round: judge the history, write the run directory (always, even for an interrupted run),
 * print the summary table. Stateless; the caller's thread.
 */
final class Judge {
    private Judge() {
    }

    static RunResult judgeAndReport(RunHistory h, Path out, PrintStream console, boolean printTable, boolean interrupted,
                                    Instrumentation instrumentation) {
        List<Verdict> verdicts = Checkers.judge(h);
        RunResult r = RunResult.of(h, verdicts);
        if (interrupted) {
            r = r.withExitCode(ExitCodes.INTERRUPTED);
        }
        return report(h, r, out, console, printTable, instrumentation);
    }

    /**
     * A round that broke off (Redis failed mid-round): nothing can be judged, so the one verdict is
     * UNKNOWN with the cause; the run directory is still written with what the coordinator recorded.
     * Exit code 69 when Redis failed, 70 for anything else.
     */
    static RunResult reportBroken(RoundBrokeException e, Path out, PrintStream console, boolean printTable,
                                  Instrumentation instrumentation) {
        String cause = e.getCause() == null ? e.getMessage() : String.valueOf(e.getCause().getMessage());
        Verdict v = Verdict.unknown("round", (e.redisFailed() ? "Redis failed during the round" : "the round failed")
                + " (" + cause + "); the workers' histories could not be gathered, so nothing can be judged");
        RunResult r = RunResult.of(e.partial(), List.of(v))
                .withExitCode(e.redisFailed() ? ExitCodes.REDIS_UNAVAILABLE : ExitCodes.INTERNAL);
        return report(e.partial(), r, out, console, printTable, instrumentation);
    }

    private static RunResult report(RunHistory h, RunResult r, Path out, PrintStream console, boolean printTable,
                                    Instrumentation instrumentation) {
        instrumentation.runFinished(h, r.status());
        if (printTable) {
            console.println();
            console.print(SummaryTable.render(r));
        }
        try {
            Path dir = RunDirectory.write(out, r, h);
            if (printTable) {
                console.println("results: " + dir.resolve(RunDirectory.RESULTS) + " and " + dir.resolve(RunDirectory.HISTORY));
            }
        } catch (IOException e) {
            console.println("locklab: could not write the results under " + out + ": " + e.getMessage());
        }
        return r;
    }
}
