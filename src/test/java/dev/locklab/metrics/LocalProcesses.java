package dev.locklab.metrics;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: starts real binaries (redis-server, prometheus, promtool) on free loopback ports and
 * stops exactly the processes it started, by their handles. One instance per test class.
 */
final class LocalProcesses implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port P such that P..P+n-1 are all free on loopback right now (a run's coordinator and workers). */
    static int freeRun(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = freePort();
            boolean ok = p + n < 65535;
            for (int i = 1; ok && i < n; i++) {
                try (ServerSocket s = new ServerSocket(p + i, 1, java.net.InetAddress.getLoopbackAddress())) {
                    ok = true;
                } catch (IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return p;
            }
        }
        throw new IllegalStateException("no run of " + n + " free ports");
    }

    /** The absolute path of a binary on PATH or in /usr/bin, /usr/sbin; fails with the install hint. */
    static String binary(String name, String debianPackage) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String why = name + " not found: apt-get install -y " + debianPackage;
        if (System.getenv("CI") == null) {
            throw new org.opentest4j.TestAbortedException(why + " (skipped outside CI; .ci/run installs it)");
        }
        throw new AssertionError(why);
    }

    Process start(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    /** Runs a command to completion (bounded), returning exit code and output. */
    static Result run(Duration max, String input, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (input != null) {
                try (var in = p.getOutputStream()) {
                    in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }

    record Result(int exit, String output) {
    }

    /** Starts a throwaway redis-server on a free loopback port and waits until it accepts connections. */
    int redis(Path dir) throws Exception {
        int port = freePort();
        start(dir.resolve("redis.log"), binary("redis-server", "redis-server"), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString());
        waitFor(Duration.ofSeconds(20), () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return port;
    }

    /** GET on loopback; null on connection failure. */
    HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void waitFor(Duration max, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(200);
        }
    }

    /** Stops every process this helper started (TERM, then KILL after 5 s). */
    @Override
    public void close() {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }
}
