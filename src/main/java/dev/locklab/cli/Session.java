package dev.locklab.cli;

import dev.locklab.config.RedisSettings;
import dev.locklab.coord.Coordinator;
import dev.locklab.coord.Instrumentation;
import dev.locklab.coord.RedisWorld;
import dev.locklab.redis.EmbeddedRedis;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The life of a coordinator process: Redis (given, or embedded and owned), the connection, the
 * coordinator, and an orderly end on Ctrl-C/SIGTERM: abort the round, stop the workers, let the
 * main thread write the partial results, then close the connection and stop the embedded Redis.
 * Created and run by the command's thread; the shutdown hook is the only other thread.
 */
final class Session {
    /** The body of a session: returns the exit code. */
    interface Body {
        int run(Session s) throws Exception;
    }

    private final RedisSettings given;
    private final PrintStream console;
    private final Instrumentation instrumentation;
    private final List<Runnable> stops = new ArrayList<>();
    private final CountDownLatch bodyDone = new CountDownLatch(1);
    private EmbeddedRedis embedded;
    private RedisWorld world;
    private Coordinator coordinator;
    private volatile boolean interrupted;

    Session(RedisSettings given, PrintStream console, Instrumentation instrumentation) {
        this.given = given;
        this.console = console;
        this.instrumentation = instrumentation;
    }

    int run(Body body) throws Exception {
        Thread hook = new Thread(this::onSignal, "locklab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RedisSettings s = given;
            if (s == null) {
                embedded = EmbeddedRedis.start();
                s = embedded.settings();
                console.println("redis: embedded " + embedded.binary() + " on " + s + " (stopped on exit)");
            } else {
                console.println("redis: " + s);
            }
            world = RedisWorld.connect(s, "locklab-coordinator");
            coordinator = new Coordinator(world, instrumentation, console);
            return body.run(this);
        } finally {
            bodyDone.countDown();
            closeAll();
            Exit.removeShutdownHook(hook);
        }
    }

    RedisSettings settings() {
        return world.settings();
    }

    Instrumentation instrumentation() {
        return instrumentation;
    }

    RedisWorld world() {
        return world;
    }

    Coordinator coordinator() {
        return coordinator;
    }

    /** True once Ctrl-C / SIGTERM arrived: the round in progress is written as interrupted. */
    boolean interrupted() {
        return interrupted;
    }

    /** Something to stop on Ctrl-C before the results are written (e.g. the worker processes). */
    synchronized void onStop(Runnable r) {
        stops.add(r);
    }

    private void onSignal() {
        if (bodyDone.getCount() == 0) {
            return;
        }
        interrupted = true;
        console.println();
        console.println("locklab: interrupted; stopping workers and writing partial results");
        String why = "stopped by an interrupt (Ctrl-C / SIGTERM) before the run ended";
        Coordinator c = coordinator;
        if (c != null) {
            c.stopping(why);
        }
        List<Runnable> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(stops);
        }
        toStop.forEach(Runnable::run); // workers write their histories as they stop
        if (c != null) {
            c.abort(why);
        }
        try {
            bodyDone.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll();
        console.flush();
        Exit.haltFromHook(10_000); // 130 as documented, not 143 for SIGTERM
    }

    private synchronized void closeAll() {
        if (world != null) {
            world.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
