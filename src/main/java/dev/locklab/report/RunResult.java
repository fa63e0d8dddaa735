package dev.locklab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.locklab.checker.Verdict;
import dev.locklab.config.RunSpec;
import dev.locklab.history.RunHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code results.json} holds: the outcome of one run, computed once from its history and verdicts.
 * Immutable (its lists and maps are unmodifiable copies that keep order and tolerate nulls, so partial
 * data is never refused); serializable with Jackson both ways.
 *
 * @param runId           the run id ({@value #UNKNOWN_RUN} when the history has no spec)
 * @param scenario        scenario id
 * @param lock            lock backend id
 * @param workersExpected how many workers the spec asked for
 * @param joined          the workers that joined, in join order
 * @param itemsSeeded     items the coordinator put on the queue
 * @param itemsProcessed  items taken (OK takes, release pill excluded), duplicates included
 * @param durationMillis  the run's duration as the coordinator measured it
 * @param itemsPerSecond  {@code itemsProcessed} per second of {@code durationMillis}; 0 for a zero duration
 * @param workers         one row per worker, see {@link WorkerStats#perWorker}
 * @param total           the total row over all acquisitions
 * @param verdicts        one per checker, in report order
 * @param status          the worst verdict; UNKNOWN when there are no verdicts (nothing was judged)
 * @param exitCode        {@code status.exitCode()}, unless replaced with {@link #withExitCode} (e.g. 130)
 * @param stranded        worker -> the coordinator's description
 * @param unfinished      worker -> why
 * @param leftover        items left on the queue
 * @param spec            the run spec as strings ({@link RunSpec#toMap()}); empty when unknown
 */
public record RunResult(String runId, String scenario, String lock, int workersExpected, List<String> joined,
                        int itemsSeeded, int itemsProcessed, double durationMillis, double itemsPerSecond,
                        List<WorkerStats> workers, WorkerStats total, List<Verdict> verdicts,
                        Verdict.Status status, int exitCode, Map<String, String> stranded,
                        Map<String, String> unfinished, List<String> leftover, Map<String, String> spec) {
    /** The run id used when a (partial) history carries no spec. */
    public static final String UNKNOWN_RUN = "unknown-run";

    public RunResult {
        joined = copy(joined);
        workers = copy(workers);
        verdicts = copy(verdicts);
        leftover = copy(leftover);
        stranded = copy(stranded);
        unfinished = copy(unfinished);
        spec = copy(spec);
    }

    /**
     * Computes the result of a run. Pure; tolerates a partial history (null spec or lists), as written
     * after an interruption.
     */
    public static RunResult of(RunHistory h, List<Verdict> verdicts) {
        RunSpec s = h.spec();
        List<String> vs = h.seeded() == null ? List.of() : h.seeded();
        WorkerStats total = WorkerStats.total(h);
        double millis = Math.max(0, h.durationNanos()) / 1e6;
        double perSecond = millis > 0 ? Math.round(total.items() / (millis / 1000.0) * 10.0) / 10.0 : 0;
        List<Verdict> v = verdicts == null ? List.of() : verdicts;
        Verdict.Status status = v.isEmpty() ? Verdict.Status.UNKNOWN : Verdict.worst(v);
        return new RunResult(s == null ? UNKNOWN_RUN : s.runId(), s == null ? null : s.scenario(),
                s == null ? null : s.lock(), s == null ? 0 : s.workers(), h.joined(), vs.size(),
                total.items(), Math.round(millis * 1000.0) / 1000.0, perSecond, WorkerStats.perWorker(h), total,
                v, status, status.exitCode(), h.stranded(), h.unfinished(), h.leftover(),
                s == null ? Map.of() : s.toMap());
    }

    /** The same result with another exit code (e.g. 130 for an interrupted run). */
    public RunResult withExitCode(int code) {
        return new RunResult(runId, scenario, lock, workersExpected, joined, itemsSeeded, itemsProcessed,
                durationMillis, itemsPerSecond, workers, total, verdicts, status, code, stranded, unfinished,
                leftover, spec);
    }

    /** Pretty JSON, as in results.json. */
    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunResult fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a results.json file. */
    public static RunResult read(Path resultsJson) throws IOException {
        return Json.MAPPER.readValue(Files.readString(resultsJson), RunResult.class);
    }

    private static <T> List<T> copy(List<T> l) {
        return l == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(l));
    }

    private static <K, V> Map<K, V> copy(Map<K, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
