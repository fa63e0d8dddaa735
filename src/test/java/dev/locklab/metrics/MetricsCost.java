package dev.locklab.metrics;

import dev.locklab.config.RedisSettings;
import dev.locklab.history.Op;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: measures items/s of locked-drain (real scenario code, 2 workers, Redisson lock and
 * queue on a throwaway redis-server) with the metered lock + op listener, and without, alternating
 * trials. Usage: {@code java -cp <test classpath> dev.locklab.metrics.MetricsCost [trials] [items] [pauseMicros]}.
 */
public final class MetricsCost {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("local")) {
            local();
            return;
        }
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Duration pause = Duration.ofNanos((args.length > 2 ? Long.parseLong(args[2]) : 1000) * 1000);
        Path tmp = Files.createTempDirectory("locklab-cost");
        try (LocalProcesses procs = new LocalProcesses()) {
            int port = procs.redis(tmp);
            try (MiniLab lab = new MiniLab(RedisSettings.parse("redis://127.0.0.1:" + port), 2)) {
                for (int w = 0; w < 3; w++) { // warm up both paths
                    lab.metered = w % 2 == 0;
                    lab.run("warm-" + w, "locked-drain", items, Duration.ZERO, pause);
                }
                List<Double> on = new ArrayList<>();
                List<Double> off = new ArrayList<>();
                for (int t = 0; t < trials; t++) {
                    for (boolean metered : new boolean[]{t % 2 == 0, t % 2 != 0}) {
                        lab.metered = metered;
                        FinishedRun r = lab.run("cost-" + t + "-" + metered, "locked-drain", items, Duration.ZERO, pause);
                        (metered ? on : off).add(items * 1e9 / r.duration().toNanos());
                    }
                }
                System.out.printf("locked-drain, 2 workers, %d items, pause %d us, %d trials each%n",
                        items, pause.toNanos() / 1000, trials);
                System.out.printf("metrics on : median %.0f items/s  %s%n", median(on), round(on));
                System.out.printf("metrics off: median %.0f items/s  %s%n", median(off), round(off));
            }
        }
    }

    /** ns per uncontended lock()+unlock() pair on a JDK ReentrantLock, raw vs metered. */
    private static void local() {
        try (LabMetrics m = LabMetrics.create()) {
            java.util.concurrent.locks.Lock raw = new java.util.concurrent.locks.ReentrantLock();
            java.util.concurrent.locks.Lock metered = m.forRun("cost", "locked-drain", "w", "reentrant").decorate(raw);
            int n = 2_000_000;
            for (int round = 0; round < 5; round++) {
                System.out.printf("raw %.0f ns/pair, metered %.0f ns/pair%n", pairs(raw, n), pairs(metered, n));
            }
        }
    }

    private static double pairs(java.util.concurrent.locks.Lock l, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            l.lock();
            l.unlock();
        }
        return (System.nanoTime() - t0) / (double) n;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static List<Long> round(List<Double> xs) {
        return xs.stream().map(Math::round).toList();
    }
}
