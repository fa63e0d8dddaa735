package dev.locklab.report;

import dev.locklab.checker.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table a learner reads in the terminal at the end of a run: one row per worker (items,
 * acquisitions, lock wait p50/p99/max, hold p50/max, and a STRANDED / UNFINISHED mark), a total row,
 * throughput, one line per verdict with its reason, and the overall verdict with its exit code.
 * Plain ASCII, fixed width, numbers formatted with {@link Locale#ROOT}. Stateless; pure.
 */
public final class SummaryTable {
    private static final String NUM = "%10.2f";

    private SummaryTable() {
    }

    public static String render(RunResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "run %s  scenario %s  lock %s  workers %d/%d  items %d%n",
                r.runId(), r.scenario(), dev.locklab.scenario.Scenarios.usesLock(r.scenario()) ? r.lock() : "none", r.joined().size(), r.workersExpected(), r.itemsSeeded()));
        List<WorkerStats> rows = new ArrayList<>(r.workers());
        int nameWidth = WorkerStats.TOTAL.length();
        for (WorkerStats w : rows) {
            nameWidth = Math.max(nameWidth, w.worker().length());
        }
        String nameCol = "%-" + nameWidth + "s";
        sb.append(String.format(Locale.ROOT, nameCol + "%7s%6s%10s%10s%10s%10s%10s%n", "worker", "items", "acq",
                "wait p50", "wait p99", "wait max", "hold p50", "hold max"));
        for (WorkerStats w : rows) {
            sb.append(row(nameCol, w, true));
        }
        if (r.total() != null) {
            sb.append(row(nameCol, r.total(), false));
        }
        sb.append(String.format(Locale.ROOT, "(wait and hold times in ms; acq = lock acquisitions)%n"));
        sb.append(String.format(Locale.ROOT, "%d items processed in %.1f ms: %.1f items/s%n",
                r.itemsProcessed(), r.durationMillis(), r.itemsPerSecond()));
        if (!r.leftover().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%d items left on the queue%n", r.leftover().size()));
        }
        sb.append(System.lineSeparator());
        int checkerWidth = "verdict".length();
        for (Verdict v : r.verdicts()) {
            checkerWidth = Math.max(checkerWidth, String.valueOf(v.checker()).length());
        }
        String verdictLine = "%-8s%-" + (checkerWidth + 2) + "s%s%n";
        for (Verdict v : r.verdicts()) {
            sb.append(String.format(Locale.ROOT, verdictLine, v.status(), v.checker(), v.reason()));
        }
        sb.append(String.format(Locale.ROOT, "%-8s%s (exit code %d)%n", "verdict", r.status(), r.exitCode()));
        return sb.toString();
    }

    private static String row(String nameCol, WorkerStats w, boolean mark) {
        String flag = !mark ? "" : w.stranded() ? "  STRANDED" : w.unfinished() ? "  UNFINISHED" : "";
        return String.format(Locale.ROOT, nameCol + "%7d%6d" + NUM + NUM + NUM + NUM + NUM + "%s%n",
                w.worker(), w.items(), w.acquisitions(), w.waitP50(), w.waitP99(), w.waitMax(), w.holdP50(),
                w.holdMax(), flag).stripTrailing() + System.lineSeparator();
    }
}
