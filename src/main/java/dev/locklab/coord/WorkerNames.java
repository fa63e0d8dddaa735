package dev.locklab.coord;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Pattern;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * The default name of a worker: {@code $LOCKLAB_WORKER_NAME}, else, inside a Docker or podman
 * container whose hostname is the container id, the container's name (for example
 * {@code locklab_worker_2} under docker-compose 1.29, {@code locklab-worker-2} under Compose v2),
 * else the hostname. The container name is what {@code docker ps} shows and what
 * {@code docker pause NAME} takes, so a participant can find the worker the dashboard names.
 *
 * <p>How: the engine's DNS server on a user network (Docker's embedded DNS, podman's aardvark-dns)
 * answers a reverse (PTR) query for a container's address with the container's name. The query goes
 * only to the first nameserver of {@code /etc/resolv.conf} (the network's own DNS server inside a
 * container), waits at most about one second, and is made only when the process runs in a container
 * with a container-id hostname; {@code /etc/hosts} is bypassed because it maps the address to the
 * hostname. Any failure falls back to the hostname.
 *
 * <p>Thread-safety: stateless; any thread may call it. It blocks for the DNS query, so call it once
 * at worker start, not per operation.
 */
public final class WorkerNames {

    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12}");
    /** A compose container name ends in the replica number: project_svc_2 or project-svc-2. */
    private static final Pattern REPLICA_NAME = Pattern.compile(".+[_-][0-9]+");

    private WorkerNames() {
    }

    /** The name a worker uses when none is given on the command line (see the class comment). */
    public static String defaultName() {
        String env = System.getenv("LOCKLAB_WORKER_NAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        String host = hostname();
        if (!inContainer() || !CONTAINER_ID.matcher(host).matches()) {
            return host;
        }
        try {
            return pick(host, reverseLookup(InetAddress.getLocalHost()));
        } catch (Exception | LinkageError e) {
            return host;
        }
    }

    /** Chooses the container name among PTR answers: a replica-style name other than the hostname. */
    static String pick(String host, List<String> ptrNames) {
        String fallback = host;
        for (String ptr : ptrNames) {
            String label = ptr.split("\\.", 2)[0];
            if (label.isEmpty() || label.equals(host)) {
                continue;
            }
            if (REPLICA_NAME.matcher(label).matches()) {
                return label;
            }
            if (fallback.equals(host)) {
                fallback = label;
            }
        }
        return fallback;
    }

    static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "worker";
        }
    }

    private static boolean inContainer() {
        return Files.exists(Path.of("/.dockerenv")) || Files.exists(Path.of("/run/.containerenv"));
    }

    private static List<String> reverseLookup(InetAddress self) throws Exception {
        List<String> names = new ArrayList<>();
        String server = firstNameserver();
        byte[] b = self.getAddress();
        if (server == null || b.length != 4 || self.isLoopbackAddress()) {
            return names;
        }
        String query = (b[3] & 255) + "." + (b[2] & 255) + "." + (b[1] & 255) + "." + (b[0] & 255) + ".in-addr.arpa";
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://" + server);
        env.put("com.sun.jndi.dns.timeout.initial", "500");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        InitialDirContext ctx = new InitialDirContext(env);
        try {
            Attribute ptr = ctx.getAttributes(query, new String[] {"PTR"}).get("PTR");
            if (ptr != null) {
                NamingEnumeration<?> all = ptr.getAll();
                while (all.hasMore()) {
                    names.add(String.valueOf(all.next()));
                }
            }
        } finally {
            ctx.close();
        }
        return names;
    }

    private static String firstNameserver() throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                return f[1].contains(":") ? "[" + f[1] + "]" : f[1];
            }
        }
        return null;
    }
}
