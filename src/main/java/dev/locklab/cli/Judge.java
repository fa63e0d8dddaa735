package dev.locklab.cli;

import dev.locklab.checker.Checkers;
import dev.locklab.checker.Verdict;
import dev.locklab.coord.Instrumentation;
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
