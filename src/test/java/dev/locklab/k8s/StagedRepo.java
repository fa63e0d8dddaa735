package dev.locklab.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A copy of the repository's {@code k8s/}, {@code grafana/} and {@code prometheus/} trees in a temporary
 * directory, with the git-ignored password files written the way the docs tell a user to:
 * {@code k8s/base/redis-password.env} (one {@code password=<hex>} line) and
 * {@code k8s/overlays/workshop/grafana-admin.env} (one {@code admin-password=<hex>} line). Rendering the
 * copy never touches the working tree, and a password file a developer created locally is never read.
 *
 * <p>Not thread-safe: one instance per test (class).
 */
final class StagedRepo {

    /** The test password: hex, like the documented {@code openssl rand -hex 24}. */
    static final String PASSWORD = "5ca1ab1e0ddba11c0ffee0ddf00d5ca1ab1e0ddba11c0ffe";
    /** The test's Grafana admin password (workshop overlay): hex too, and not the Redis one. */
    static final String GRAFANA_ADMIN_PASSWORD = "0ddba11c0ffee5ca1ab1ef00d0ddba11c0ffee5ca1ab1ef";

    private static final Map<String, Rendered> SHARED_RENDERS = new ConcurrentHashMap<>();
    private static volatile StagedRepo shared;

    private final Path root;

    private StagedRepo(Path root) {
        this.root = root;
    }

    /** The repository being tested: Maven's basedir (surefire sets it), else the working directory. */
    static Path repo() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /**
     * Where a tree or file of the project lives: the repository, else the first directory of the
     * system property {@code locklab.k8s.treesFrom} (comma-separated) that has it. The property only
     * helps before a merge: it lets this branch test against a sibling branch's grafana/ and prometheus/.
     */
    static Optional<Path> locate(String relative) {
        List<String> roots = new ArrayList<>(List.of(repo().toString()));
        String extra = System.getProperty("locklab.k8s.treesFrom", "");
        for (String dir : extra.split(",")) {
            if (!dir.isBlank()) {
                roots.add(dir.strip());
            }
        }
        return roots.stream().map(root -> Path.of(root).resolve(relative)).filter(Files::exists).findFirst();
    }

    /** Copies the trees into {@code into} and writes the password files (unless {@code withPassword} is false). */
    static StagedRepo stage(Path into, boolean withPassword) {
        try {
            for (String tree : List.of("k8s", "grafana", "prometheus")) {
                Optional<Path> source = locate(tree);
                if (source.isPresent() && Files.isDirectory(source.get())) {
                    copyTree(source.get(), into.resolve(tree));
                }
            }
            Path passwordFile = into.resolve("k8s/base/redis-password.env");
            Path grafanaFile = into.resolve("k8s/overlays/workshop/grafana-admin.env");
            Files.deleteIfExists(passwordFile);
            Files.deleteIfExists(grafanaFile);
            if (withPassword) {
                Files.writeString(passwordFile, "password=" + PASSWORD + "\n");
                if (Files.isDirectory(grafanaFile.getParent())) {
                    Files.writeString(grafanaFile, "admin-password=" + GRAFANA_ADMIN_PASSWORD + "\n");
                }
            }
            return new StagedRepo(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rendered overlay from one staging shared by the read-only tests of this JVM (rendered once
     * per overlay: the output is deterministic). Tests that modify files stage their own copy.
     */
    static Rendered shared(String overlay) {
        return SHARED_RENDERS.computeIfAbsent(overlay, o -> sharedRepo().render(o));
    }

    private static synchronized StagedRepo sharedRepo() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("locklab-k8s");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                shared = stage(dir, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit; the directory is under java.io.tmpdir
        }
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    /**
     * Renders {@code k8s/<relative>} (e.g. {@code overlays/locked}) exactly as {@code kubectl apply -k}
     * would (default load restrictor: no {@code --load-restrictor} flag) and parses it strictly.
     */
    Rendered render(String relative) {
        if (relative.contains("workshop")) {
            Requirements.workshopInputs();
        }
        return new Rendered(relative, StrictYaml.parse(Kubectl.kustomize(path("k8s/" + relative))));
    }

    /** Renders a kustomization directory relative to the staged root (e.g. {@code grafana}). */
    Rendered renderRoot(String relative) {
        return new Rendered(relative, StrictYaml.parse(Kubectl.kustomize(path(relative))));
    }

    /** Writes a file under the staged root (parent directories created). */
    void write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
    }
}
