package dev.locklab.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The podman CLI, one bounded child process per call. Only ever called with names of pods and networks
 * the calling test created. Not thread-safe per test; stateless otherwise.
 */
final class Podman {

    record Result(int exit, String out) {}

    private Podman() {}

    static boolean available() {
        try {
            return run(30, "version", "--format", "{{.Client.Version}}").exit() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean hasImage(String image) {
        return run(30, "image", "exists", image).exit() == 0;
    }

    static Result run(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("podman", ".out");
            try {
                // not the repository: kube play would take ./locklab (the wrapper script) for a build context
                Process p = new ProcessBuilder(command).directory(new java.io.File(System.getProperty("java.io.tmpdir"))).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    static Result ok(long timeoutSeconds, String... args) {
        Result r = run(timeoutSeconds, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.out());
        }
        return r;
    }
}
