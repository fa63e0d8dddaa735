package dev.locklab.containers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locklab.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;

/**
 * Reads what a run left in Redis ({@code locklab:{runId}:spec} and {@code :history:<worker>}), so a
 * container test can check who took which items without depending on the report's file format.
 *
 * <p>Thread-safety: stateless; each call opens and closes its own connection.
 */
final class Histories {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A run as Redis holds it: spec hash and each worker's history. */
    record Run(String runId, Map<String, String> spec, Map<String, List<Op>> byWorker) {

        /** Items each worker took (ok takes), by worker name. */
        Map<String, Long> takesByWorker() {
            Map<String, Long> m = new TreeMap<>();
            byWorker.forEach((w, ops) -> m.put(w, ops.stream().filter(o -> o.is(Op.Type.OK, "take")).count()));
            return m;
        }

        long takes() {
            return takesByWorker().values().stream().mapToLong(Long::longValue).sum();
        }

        boolean any(Op.Type type, String f) {
            return byWorker.values().stream().flatMap(List::stream).anyMatch(o -> o.is(type, f));
        }
    }

    private Histories() {
    }

    /** The run id the coordinator announced last ({@code locklab:announce}), or null. */
    static String announced(String host, int port, String password) {
        try (Jedis j = connect(host, port, password)) {
            return j.get("locklab:announce");
        }
    }

    static Run read(String host, int port, String password, String runId) {
        try (Jedis j = connect(host, port, password)) {
            String prefix = "locklab:{" + runId + "}:";
            Map<String, List<Op>> byWorker = new TreeMap<>();
            for (String key : j.keys(prefix + "history:*")) {
                List<Op> ops = new ArrayList<>();
                for (String json : j.lrange(key, 0, -1)) {
                    ops.add(JSON.readValue(json, Op.class));
                }
                byWorker.put(key.substring((prefix + "history:").length()), ops);
            }
            return new Run(runId, j.hgetAll(prefix + "spec"), byWorker);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("history entry is not an Op in JSON: " + e.getMessage(), e);
        }
    }

    private static Jedis connect(String host, int port, String password) {
        Jedis j = new Jedis(host, port);
        j.auth(password);
        return j;
    }
}
