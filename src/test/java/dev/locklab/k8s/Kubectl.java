package dev.locklab.k8s;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code kubectl kustomize} (offline: it only reads files). Tests call {@link #require()} first:
 * without kubectl on the PATH the test is skipped with a message, unless {@code CI} is set, where a
 * missing kubectl is a failure (CI must prove the manifests render).
 *
 * <p>Stateless; safe to call from any test thread. Each render is one bounded child process.
 */
final class Kubectl {

    private static final long TIMEOUT_SECONDS = 60;

    private Kubectl() {}

    /** The kubectl binary on the PATH, if any. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Returns kubectl, or skips the test (outside CI) / fails it (in CI) when it is absent. */
    static Path require() {
        Optional<Path> kubectl = find();
        if (kubectl.isPresent()) {
            return kubectl.get();
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            fail("kubectl is not on the PATH but CI=" + ci + ": CI must render the k8s/ manifests"
                    + " (install kubectl >= 1.27, which bundles kustomize 5)");
        }
        Assumptions.abort("SKIPPED: kubectl is not on the PATH, so the k8s/ manifests were NOT rendered"
                + " or checked. Install kubectl (it bundles kustomize) to run these tests; in CI they fail instead.");
        throw new AssertionError("unreachable");
    }

    /**
     * {@code kubectl kustomize DIR} with kustomize's default load restrictor (files only from inside a
     * kustomization's own directory), which is what {@code kubectl apply -k DIR} uses: a user can apply
     * whatever renders here.
     *
     * @return the rendered multi-document YAML
     * @throws KustomizeException when kubectl exits non-zero (its stderr is the message)
     */
    static String kustomize(Path dir) {
        List<String> command = new ArrayList<>(List.of(require().toString(), "kustomize", dir.toString()));
        try {
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                // the output of one overlay is some tens of KB: reading it fully before waitFor is safe
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new KustomizeException(command + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new KustomizeException(command + " exited " + process.exitValue() + ": "
                            + Files.readString(err).strip());
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new KustomizeException("could not run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KustomizeException("interrupted while running " + command);
        }
    }

    /** kubectl kustomize failed; the message holds its stderr. */
    static final class KustomizeException extends RuntimeException {
        KustomizeException(String message) {
            super(message);
        }
    }
}
