package dev.locklab.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shaded jar as a user would ({@code java -jar target/locklab.jar ...}) and captures what it prints. */
public final class LabJar {
    /** What a finished command left behind. */
    public record Result(int exit, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private LabJar() {
    }

    public static Path jar() {
        String p = System.getProperty("locklab.jar", "target/locklab.jar");
        Path jar = Path.of(p);
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run the tests with mvn verify (it builds the jar first)");
        }
        return jar;
    }

    public static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("LOCKLAB_REDIS_URL");
        pb.environment().remove("LOCKLAB_WORKERS");
        pb.environment().remove("LOCKLAB_REDIS_CA");
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs to the end (at most {@code timeoutSeconds}; then it is killed and the test fails). */
    public static Result run(Path workDir, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("locklab-out", ".txt");
        Path err = Files.createTempFile("locklab-err", ".txt");
        Process p = builder(workDir, env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("locklab " + String.join(" ", args) + " did not end within " + timeoutSeconds
                        + " s; output so far:\n" + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Reads a running process's output line by line into {@code seen} until {@code count} lines
     * matching {@code regex} were read or the output ended; returns how many matched. For tests that
     * act (kill, signal, fault) once a run is known to be under way. The calling thread only.
     */
    public static int awaitLines(BufferedReader out, StringBuilder seen, String regex, int count) throws IOException {
        int matched = 0;
        String line;
        while (matched < count && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.matches(regex)) {
                matched++;
            }
        }
        return matched;
    }

    /** The rest of the output, appended to {@code seen} by a daemon thread (join it to wait for the end). */
    public static Thread drainInBackground(BufferedReader out, StringBuilder seen) {
        Thread t = new Thread(() -> out.lines().forEach(l -> {
            synchronized (seen) {
                seen.append(l).append('\n');
            }
        }), "drain-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A reader over a started process's standard output. */
    public static BufferedReader output(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }
}
