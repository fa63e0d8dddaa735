package dev.locklab.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command with a time limit, output captured (stderr merged). Stateless; any thread. */
final class Cli {

    record Result(int exit, String out) {
        Result check(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited " + exit + ":\n" + out);
            }
            return this;
        }
    }

    private Cli() {
    }

    static Result run(Path dir, Map<String, String> env, Duration limit, List<String> cmd) {
        try {
            Path log = Files.createTempFile("locklab-cli", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, "TIMEOUT after " + limit + " of " + cmd + "\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return new Result(-2, "cannot run " + cmd + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-3, "interrupted: " + cmd);
        }
    }
}
