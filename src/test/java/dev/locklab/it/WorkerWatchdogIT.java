package dev.locklab.it;

import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workshop worker ({@code --follow}) outlives a coordinator that died mid-round: 20 s after that
 * run's deadline it stops its part by itself, writes its history, and takes part in the next round
 * of a new coordinator. Without it the worker would sit in the dead run for ever.
 */
class WorkerWatchdogIT {
    @TempDir
    Path dir;

    @Test
    void aFollowingWorkerLeavesARunWhoseCoordinatorDiedAndJoinsTheNextOne() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            String url = redis.settings().toUrl();
            // one item a second: the worker is still busy long after the 2 s deadline
            Process first = LabJar.builder(dir, Map.of(), "coordinator", "--redis", url, "--rounds", "1",
                    "--scenario", "locked-drain", "--workers", "1", "--items", "100", "--pause-after-release", "1s",
                    "--deadline", "2s").redirectErrorStream(true).redirectOutput(dir.resolve("first.txt").toFile()).start();
            Process worker = LabJar.builder(dir, Map.of(), "worker", "--redis", url, "--name", "ext-1", "--follow")
                    .redirectErrorStream(true).start();
            Process second = null;
            try {
                BufferedReader out = LabJar.output(worker);
                StringBuilder seen = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null && !line.matches("\\d")) {
                    seen.append(line).append('\n');
                }
                assertThat(line).as(seen.toString()).isNotNull();
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // the coordinator dies mid-round
                while ((line = out.readLine()) != null && !line.contains("after the run's deadline")) {
                    seen.append(line).append('\n');
                }
                assertThat(line).as("the worker's watchdog fired: " + seen).isNotNull().contains("ext-1");

                second = LabJar.builder(dir, Map.of(), "coordinator", "--redis", url, "--rounds", "1",
                        "--scenario", "locked-drain", "--workers", "1", "--items", "20", "--out", "runs2")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("second.txt").toFile()).start();
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the next round got its worker").isTrue();
                assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.txt"))).isZero();
                RunResult r = RunResult.read(dir.resolve("runs2/latest").resolve(RunDirectory.RESULTS));
                assertThat(r.joined()).containsExactly("ext-1");
                assertThat(r.itemsProcessed()).isEqualTo(20);
                assertThat(worker.isAlive()).as("a --follow worker stays for more rounds").isTrue();
            } finally {
                for (Process p : new Process[]{worker, first, second}) {
                    if (p != null) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }
}
