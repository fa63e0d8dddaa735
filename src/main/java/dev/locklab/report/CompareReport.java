package dev.locklab.report;

import dev.locklab.checker.Verdict;
import dev.locklab.history.RunHistory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Racy against locked, side by side, over M trials each: per scenario the number of trials, the race
 * rate (the share of trials with at least one stranded worker), mean duration, mean items/s, lock wait
 * p99 over every acquisition of all its trials (nearest rank, from the raw waits of the histories), and
 * how many trials each verdict got. Immutable once built; {@link #render()} and {@link #write(Path)} are
 * pure / write-only and may be called from any thread.
 */
public final class CompareReport {
    /** The file {@link #write(Path)} creates. */
    public static final String FILE = "compare.json";

    /** One trial: its result and, for the raw lock waits, its history (may be null: no waits then). */
    public record Trial(RunResult result, RunHistory history) {
        public static Trial of(RunHistory h, List<Verdict> verdicts) {
            return new Trial(RunResult.of(h, verdicts), h);
        }
    }

    /**
     * One scenario's column.
     *
     * @param lock            {@code none} for racy-drain
     * @param raceRatePercent trials with a stranded worker, as a percentage of all trials
     * @param waitP99Millis   over {@code acquisitions} lock waits from all trials' histories
     * @param runIds          the trials' run ids, so each can be opened in its run directory
     */
    public record Row(String scenario, String lock, int trials, int racedTrials, double raceRatePercent,
                      double meanDurationMillis, double meanItemsPerSecond, double waitP99Millis,
                      int acquisitions, int valid, int invalid, int unknown, List<String> runIds) {
    }

    private final List<Row> rows;

    private CompareReport(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static CompareReport of(List<Trial> racy, List<Trial> locked) {
        return new CompareReport(List.of(summarize(racy), summarize(locked)));
    }

    public List<Row> rows() {
        return rows;
    }

    /** Summarizes the trials of one scenario (named after the first trial's scenario). */
    public static Row summarize(List<Trial> trials) {
        String scenario = trials.isEmpty() ? "(no trials)" : trials.get(0).result().scenario();
        String lock = trials.isEmpty() || "racy-drain".equals(scenario) ? "none" : trials.get(0).result().lock();
        int raced = 0;
        int[] byStatus = new int[3];
        double duration = 0;
        double rate = 0;
        List<Long> waits = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Trial t : trials) {
            RunResult r = t.result();
            raced += r.stranded().isEmpty() ? 0 : 1;
            byStatus[r.status() == null ? Verdict.Status.UNKNOWN.ordinal() : r.status().ordinal()]++;
            duration += r.durationMillis();
            rate += r.itemsPerSecond();
            ids.add(r.runId());
            if (t.history() != null && t.history().ops() != null) {
                waits.addAll(Samples.of(t.history().ops()).waits);
            }
        }
        int n = trials.size();
        return new Row(scenario, lock, n, raced, n == 0 ? 0 : round(100.0 * raced / n), n == 0 ? 0 : round(duration / n),
                n == 0 ? 0 : round(rate / n), Percentiles.millis(Percentiles.nearestRank(waits, 99)), waits.size(),
                byStatus[Verdict.Status.VALID.ordinal()], byStatus[Verdict.Status.INVALID.ordinal()],
                byStatus[Verdict.Status.UNKNOWN.ordinal()], ids);
    }

    /** The side-by-side table, one column per scenario. */
    public String render() {
        int width = 14;
        for (Row r : rows) {
            width = Math.max(width, String.valueOf(r.scenario()).length() + 2);
        }
        String col = "%" + width + "s";
        StringBuilder sb = new StringBuilder();
        line(sb, col, "", r -> r.scenario());
        line(sb, col, "lock", r -> r.lock());
        line(sb, col, "trials", r -> Integer.toString(r.trials()));
        line(sb, col, "race rate", r -> fmt("%.1f %%", r.raceRatePercent()));
        line(sb, col, "mean duration ms", r -> fmt("%.1f", r.meanDurationMillis()));
        line(sb, col, "mean items/s", r -> fmt("%.1f", r.meanItemsPerSecond()));
        line(sb, col, "wait p99 ms", r -> r.acquisitions() == 0 ? "-" : fmt("%.2f", r.waitP99Millis()));
        line(sb, col, "VALID/INVALID/UNKNOWN", r -> r.valid() + "/" + r.invalid() + "/" + r.unknown());
        return sb.toString();
    }

    /** Writes {@code dir/compare.json} (pretty; creates {@code dir}); returns its path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        RunDirectory.writeAtomically(file, tmp -> Files.writeString(tmp,
                Json.PRETTY.writeValueAsString(Map.of("rows", rows)) + "\n"));
        return file;
    }

    private void line(StringBuilder sb, String col, String label, java.util.function.Function<Row, String> cell) {
        sb.append(String.format(Locale.ROOT, "%-22s", label));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, col, cell.apply(r)));
        }
        sb.append(System.lineSeparator());
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
