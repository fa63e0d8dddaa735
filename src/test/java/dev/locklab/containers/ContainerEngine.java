package dev.locklab.containers;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Gatekeeper for container tests: on a laptop without a container engine they are skipped; in CI
 * ({@code CI} set) a missing engine or image is a failure, never a silent skip. CI sets the engine up
 * with {@code bash .ci/containers.sh} and sources {@code .ci/containers.env}.
 *
 * <p>Thread-safety: stateless apart from Testcontainers' own cached client; call from test threads.
 */
public final class ContainerEngine {

    /** The lab image the Dockerfile builds and docker-compose.yml uses. */
    public static final String LOCKLAB_IMAGE = "locklab/locklab:0.1.0";

    private ContainerEngine() {
    }

    /** True when the CI environment variable is set (any value but empty / "false"). */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Skips (laptop) or fails (CI) unless a Docker-API engine answers. */
    public static void requireEngine() {
        boolean ok;
        try {
            ok = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            ok = false;
        }
        unless(ok, "no container engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                + "): run `bash .ci/containers.sh` and `. .ci/containers.env`");
    }

    /** Like {@link #requireEngine()}, and the image must exist locally (nothing can be pulled here). */
    public static void requireImage(String image) {
        requireEngine();
        boolean present;
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            present = true;
        } catch (RuntimeException e) {
            present = false;
        }
        unless(present, "image " + image + " is missing: run `bash .ci/containers.sh` (builds it from the Dockerfile)");
    }

    /** Skips or fails unless the docker-compose CLI (1.29) or `docker compose` (v2) is available. */
    public static void requireCompose() {
        unless(Compose.command() != null, "neither docker-compose nor `docker compose` found: run `bash .ci/containers.sh`");
    }

    /** The repository root (the directory holding docker-compose.yml), from the test's working dir. */
    public static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static void unless(boolean ok, String why) {
        if (ok) {
            return;
        }
        if (inCi()) {
            fail("CI is set, so this container test must run: " + why);
        }
        Assumptions.abort("skipped outside CI: " + why);
    }
}
