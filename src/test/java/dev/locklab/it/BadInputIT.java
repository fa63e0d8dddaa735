package dev.locklab.it;

import dev.locklab.redis.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: one line saying what is wrong, the documented exit code, never a stack trace. */
class BadInputIT {
    static EmbeddedRedis protectedRedis;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPasswordProtectedRedis() {
        protectedRedis = EmbeddedRedis.start();
        port = protectedRedis.port();
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.configSet("requirepass", "s3cret");
        }
    }

    @AfterAll
    static void stop() {
        protectedRedis.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new String[]{"run", "--scenario", "nope"}, 64, "unknown scenario 'nope'; choose one of racy-drain"),
                Arguments.of(new String[]{"run", "--lock", "nope"}, 64, "unknown lock 'nope'; choose one of reentrant"),
                Arguments.of(new String[]{"run", "--redis", "http://localhost:6379"}, 64, "must start with redis:// or rediss://"),
                Arguments.of(new String[]{"run", "--redis", "redis://localhost:6379/x"}, 64, "has database 'x'"),
                Arguments.of(new String[]{"run", "--workers", "-1"}, 64, "--workers -1 is out of range; use 1..64"),
                Arguments.of(new String[]{"run", "--workers", "100000"}, 64, "--workers 100000 is out of range"),
                Arguments.of(new String[]{"run", "--items", "-5"}, 64, "--items -5 is out of range"),
                Arguments.of(new String[]{"run", "--gap", "5"}, 64, "'5' needs a unit"),
                Arguments.of(new String[]{"run", "--deadline", "99h"}, 64, "--deadline 99h is out of range"),
                Arguments.of(new String[]{"run", "--scenario", "reentrant", "--hold", "5s", "--deadline", "2s"}, 64,
                        "--hold 5s must be shorter than --deadline 2s"),
                Arguments.of(new String[]{"run", "--redis", "redis://localhost:abc"}, 64, "the port must be a number"),
                Arguments.of(new String[]{"run", "--workers", "two"}, 64, "Invalid value for option '--workers'"),
                Arguments.of(new String[]{"run", "--bogus"}, 64, "Unknown option: '--bogus'"),
                Arguments.of(new String[]{"compare", "--trials", "0"}, 64, "--trials 0 is out of range"),
                Arguments.of(new String[]{"worker"}, 64, "a worker joins an existing Redis"),
                Arguments.of(new String[]{"worker", "--redis", "redis://127.0.0.1:1", "--channel", "a b"}, 64, "--channel 'a b' must be"),
                Arguments.of(new String[]{"coordinator", "--redis", "redis://127.0.0.1:1", "--channel", "x/y"}, 64, "--channel 'x/y' must be"),
                Arguments.of(new String[]{"coordinator"}, 64, "external workers need a Redis they can reach"),
                Arguments.of(new String[]{"run", "--threads", "--lock", "jedis"}, 64, "--lock jedis needs Redis"),
                Arguments.of(new String[]{"run", "--redis", "redis://127.0.0.1:1"}, 69, "cannot reach Redis at redis://127.0.0.1:1/0"),
                Arguments.of(new String[]{"run", "--redis", "redis://:wrong@127.0.0.1:PORT"}, 69, "refused the credentials"),
                Arguments.of(new String[]{"run", "--redis", "redis://127.0.0.1:PORT"}, 69, "refused the credentials"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badInputGetsOneClearLineAndTheDocumentedExitCode(String[] args, int exit, String message) throws Exception {
        String[] a = Stream.of(args).map(s -> s.replace("PORT", Integer.toString(port))).toArray(String[]::new);
        LabJar.Result r = LabJar.run(dir, Map.of(), 60, a);
        assertThat(r.exit()).as(r.all()).isEqualTo(exit);
        assertThat(r.stderr()).contains(message);
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stderr().lines().filter(l -> l.startsWith("locklab:")).count()).isEqualTo(1);
        assertThat(r.all()).doesNotContain("wrong").as("a password is never printed");
    }
}
