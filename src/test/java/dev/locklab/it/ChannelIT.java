package dev.locklab.it;

import dev.locklab.redis.EmbeddedRedis;
import dev.locklab.report.RunDirectory;
import dev.locklab.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Redis, two audiences: a workshop worker following the default channel, and a {@code compare}
 * whose own workers follow a channel of its own. The workshop worker never joins compare's trials.
 */
class ChannelIT {
    @TempDir
    Path dir;

    @Test
    void compareOnASharedRedisUsesOnlyItsOwnWorkers() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            String url = redis.settings().toUrl();
            Process intruder = LabJar.builder(dir, Map.of(), "worker", "--redis", url, "--name", "workshop-1", "--follow")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("intruder.txt").toFile()).start();
            try {
                LabJar.Result r = LabJar.run(dir, Map.of(), 180, "compare", "--redis", url, "--workers", "2", "--trials", "2");
                assertThat(r.exit()).as(r.all()).isZero();
                List<RunResult> trials;
                try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
                    trials = runs.filter(p -> Files.exists(p.resolve(RunDirectory.RESULTS)) && !Files.isSymbolicLink(p))
                            .map(p -> {
                                try {
                                    return RunResult.read(p.resolve(RunDirectory.RESULTS));
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }).toList();
                }
                assertThat(trials).hasSize(4);
                assertThat(trials).allSatisfy(t -> assertThat(t.joined()).containsExactlyInAnyOrder("worker-1", "worker-2"));
                assertThat(Files.readString(dir.resolve("intruder.txt"))).doesNotContain("joined run");
            } finally {
                intruder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
