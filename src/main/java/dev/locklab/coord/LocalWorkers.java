package dev.locklab.coord;

import dev.locklab.config.RedisSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs on this machine: the lesson's {@code multiprocessing.Process}. Each is
 * {@code java -cp <this jar> dev.locklab.cli.Main worker --name worker-i ...}, gets the Redis URL
 * through its environment (never on the command line, where {@code ps} would show a password),
 * watches this JVM's PID and exits if it disappears, and has its output forwarded with a
 * {@code [worker-i]} prefix.
 *
 * <p>Either one-shot ({@link #launch} starts N workers for that run) or long-lived ({@link #startFollowers}
 * starts N workers that take part in every announced round). Called from the coordinator's thread;
 * {@link #stop()} is idempotent and safe from a shutdown hook.
 */
public final class LocalWorkers implements WorkerLauncher {
    /** JVM settings for a lab worker: small heap, quick start; measured in the README. */
    static final List<String> JVM_OPTS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-Xmx128m", "-XX:MaxMetaspaceSize=96m", "-Xshare:auto");

    /** SIGTERM, then this long for the workers to write their histories, then SIGKILL. */
    static final long STOP_GRACE_MILLIS = (WorkerRuntime.SHUTDOWN_WAIT_SECONDS + 5) * 1000L;
    private final int count;
    private final RedisSettings redis;
    private final PrintStream out;
    private final boolean echo;
    private final java.util.function.IntFunction<List<String>> extraArgs;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private boolean stopped;
    private boolean following;

    /**
     * @param echo      forward the workers' own lines (the lesson's prints) to {@code out}
     * @param extraArgs more options for worker i (1-based), e.g. its own {@code --metrics-port}
     */
    public LocalWorkers(int count, RedisSettings redis, PrintStream out, boolean echo, java.util.function.IntFunction<List<String>> extraArgs) {
        this.count = count;
        this.redis = redis;
        this.out = out;
        this.echo = echo;
        this.extraArgs = extraArgs;
    }

    /** Starts one-shot workers for {@code runId}; does nothing once long-lived followers run. */
    @Override
    public synchronized void launch(String runId) {
        if (!following) {
            start(List.of("--run", runId));
        }
    }

    /** Starts long-lived workers that join every announced round. */
    /** Starts the workers long-lived, joining every round announced on {@code channel} (see RunKeys#announce). */
    public synchronized void startFollowers(String channel) {
        following = true;
        start(List.of("--follow", "--channel", channel));
    }

    private void start(List<String> mode) {
        if (stopped) {
            return;
        }
        processes.clear();
        for (int i = 1; i <= count; i++) {
            String name = "worker-" + i;
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JVM_OPTS);
            cmd.addAll(List.of("-cp", classPath(), "dev.locklab.cli.Main", "worker", "--name", name,
                    "--parent-pid", Long.toString(ProcessHandle.current().pid())));
            cmd.addAll(mode);
            cmd.addAll(extraArgs.apply(i));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put(RedisSettings.ENV, redis.toUrl());
            pb.environment().putIfAbsent("LOCKLAB_LOG_LEVEL", System.getProperty("LOCKLAB_LOG_LEVEL", "WARN"));
            try {
                Process p = pb.start();
                processes.put(name, p);
                forward(name, p.getInputStream(), out, echo);
                forward(name, p.getErrorStream(), System.err, true);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start worker JVM: " + e.getMessage(), e);
            }
        }
    }

    /** The worker processes, by name (for measuring start-up and RSS). */
    public synchronized Map<String, Process> processes() {
        return Map.copyOf(processes);
    }

    @Override
    public synchronized Map<String, String> exited() {
        Map<String, String> m = new LinkedHashMap<>();
        processes.forEach((name, p) -> {
            if (!p.isAlive() && p.exitValue() != 0) {
                m.put(name, "worker process exited with code " + p.exitValue() + " before finishing");
            }
        });
        return m;
    }

    /** Waits for one-shot workers to exit by themselves (they do once their run is over). */
    public void awaitExit(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (Process p : processes().values()) {
            p.waitFor(Math.max(0, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        List<Process> ps;
        synchronized (this) {
            stopped = true;
            ps = new ArrayList<>(processes.values());
        }
        ps.forEach(Process::destroy);
        long end = System.currentTimeMillis() + STOP_GRACE_MILLIS;
        for (Process p : ps) {
            try {
                if (!p.waitFor(Math.max(0, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String classPath() {
        String jar = System.getProperty("locklab.jar");
        return jar != null && !jar.isBlank() ? jar : System.getProperty("java.class.path");
    }

    private static void forward(String name, InputStream in, PrintStream to, boolean echo) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (echo) {
                        synchronized (to) {
                            to.println("[" + name + "] " + line);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "forward-" + name);
        t.setDaemon(true);
        t.start();
    }
}
