package dev.locklab.it;

import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workers given the same name would share one history list and one start signal, and their
 * histories would merge silently. The second to join is refused with one line and exit 64.
 */
class DuplicateNameIT {
    @TempDir
    Path dir;

    @Test
    void theSecondWorkerWithANameAlreadyInTheRunIsRefused() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            String url = redis.settings().toUrl();
            List<Process> started = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    started.add(LabJar.builder(dir, Map.of(), "worker", "--redis", url, "--name", "twin", "--once")
                            .redirectOutput(dir.resolve("out-" + i + ".txt").toFile())
                            .redirectError(dir.resolve("err-" + i + ".txt").toFile()).start());
                }
                Process coordinator = LabJar.builder(dir, Map.of(), "coordinator", "--redis", url, "--rounds", "1",
                        "--scenario", "locked-drain", "--workers", "0", "--join-window", "3s", "--items", "20")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("coordinator.txt").toFile()).start();
                started.add(coordinator);
                assertThat(coordinator.waitFor(90, TimeUnit.SECONDS)).isTrue();
                assertThat(coordinator.exitValue()).as(Files.readString(dir.resolve("coordinator.txt"))).isZero();
                List<Integer> exits = new ArrayList<>();
                String refusal = "";
                for (int i = 0; i < 2; i++) {
                    assertThat(started.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                    exits.add(started.get(i).exitValue());
                    refusal += Files.readString(dir.resolve("err-" + i + ".txt"));
                }
                assertThat(exits).containsExactlyInAnyOrder(0, 64);
                assertThat(refusal).contains("locklab: another worker named 'twin' already joined run");
                RunResult r = RunResult.read(dir.resolve("runs/latest").resolve(RunDirectory.RESULTS));
                assertThat(r.joined()).containsExactly("twin");
                assertThat(r.itemsProcessed()).isEqualTo(20);
            } finally {
                for (Process p : started) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
