package dev.locklab.report;

import dev.locklab.history.Op;
import dev.locklab.history.RunHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a run's directory: {@code <base>/<runId>/history.jsonl} (one {@link Op} per line, as Jackson
 * JSON, in the history's order), {@code <base>/<runId>/results.json} (the {@link RunResult}, pretty), and
 * points {@code <base>/latest} at it.
 *
 * <p>Guarantees: each file is written to a temporary file beside it and then renamed into place, so a
 * reader (or a crash) never sees half a file, and an earlier complete file is only replaced by a complete
 * one. History is written first, then results, so the raw data survives a failure in between. Partial
 * data is written as it is (a null history gives an empty history.jsonl). {@code latest} is a relative
 * symbolic link swapped in with an atomic rename; where symbolic links cannot be made, it is a plain file
 * holding the run id. A failure to update {@code latest} is logged, never thrown, since the run's own files
 * are already safe. Stateless; concurrent writers of different run ids are safe, the last one to rename
 * {@code latest} wins.
 */
public final class RunDirectory {
    public static final String RESULTS = "results.json";
    public static final String HISTORY = "history.jsonl";
    public static final String LATEST = "latest";
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    private RunDirectory() {
    }

    /** Writes the run directory and updates {@code latest}; returns the run directory. */
    public static Path write(Path base, RunResult r, RunHistory h) throws IOException {
        String name = dirName(r.runId());
        Path dir = base.resolve(name);
        Files.createDirectories(dir);
        List<Op> ops = h == null || h.ops() == null ? List.of() : h.ops();
        writeAtomically(dir.resolve(HISTORY), tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Op op : ops) {
                    w.write(Json.LINE.writeValueAsString(op));
                    w.write('\n');
                }
            }
        });
        writeAtomically(dir.resolve(RESULTS), tmp -> Files.writeString(tmp, r.toJson() + "\n"));
        try {
            linkLatest(base, name);
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: could not update {}: {}", r.runId(), base.resolve(LATEST), e.toString());
        }
        return dir;
    }

    /** Reads a history.jsonl back (blank lines skipped). */
    public static List<Op> readHistory(Path historyJsonl) throws IOException {
        try (var lines = Files.lines(historyJsonl, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).map(RunDirectory::parseOp).toList();
        }
    }

    /** {@code base/latest} -> {@code name} as a relative symlink, else as a file holding the name. */
    static void linkLatest(Path base, String name) throws IOException {
        Path latest = base.resolve(LATEST);
        Path tmp = base.resolve(".latest-" + name + "-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        try {
            Files.createSymbolicLink(tmp, Path.of(name));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.info("symbolic links not available here ({}); writing {} as a file", e, latest);
            writeLatestFile(base, name);
            return;
        }
        try {
            move(tmp, latest);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The fallback: {@code base/latest} as a plain file holding the run id. */
    static void writeLatestFile(Path base, String name) throws IOException {
        writeAtomically(base.resolve(LATEST), tmp -> Files.writeString(tmp, name + "\n"));
    }

    /** A run id as a single safe path element (anything but {@code [A-Za-z0-9._-]} becomes {@code _}). */
    static String dirName(String runId) {
        String s = runId == null || runId.isBlank() ? RunResult.UNKNOWN_RUN : runId;
        s = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.equals(".") || s.equals("..") || s.equals(LATEST) ? "run-" + s : s;
    }

    interface Body {
        void writeTo(Path tmp) throws IOException;
    }

    /** Writes through a temporary sibling file renamed into place (package-private, for compare.json too). */
    static void writeAtomically(Path target, Body body) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            body.writeTo(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Op parseOp(String line) {
        try {
            return Json.MAPPER.readValue(line, Op.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bad history line: " + line, e);
        }
    }
}
