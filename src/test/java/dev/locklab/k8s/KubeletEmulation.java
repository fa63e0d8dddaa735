package dev.locklab.k8s;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a rendered pod template into a {@code kind: Pod} that podman 4.3's {@code kube play} runs the
 * way a kubelet would. It does what podman does not, and nothing else:
 * <ul>
 *   <li>resolves env {@code secretKeyRef} (from the rendered Secret) and {@code fieldRef}
 *       ({@code metadata.name}, {@code metadata.annotations[...]}) to values;</li>
 *   <li>expands {@code $(VAR)} in env values, command and args from earlier variables (podman 4.3
 *       passes them through literally);</li>
 *   <li>resolves probes' named ports to numbers, then drops {@code ports} (podman 4.3 publishes a
 *       containerPort on every host interface; a probe on a port name it cannot resolve fails, and a
 *       failing liveness probe restarts the container: Redis would lose the run);</li>
 *   <li>drops tcpSocket/httpGet probes: the kubelet makes those checks itself, podman 4.3 runs
 *       {@code nc}/{@code curl} inside the container (the Redis image has neither) and restarts a
 *       container whose liveness check fails; exec probes are kept;</li>
 *   <li>names emptyDir volumes after the pod (podman 4.3 makes each a named volume, shared by every
 *       pod that uses the same volume name; a kubelet gives each pod its own).</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class KubeletEmulation {

    private static final Pattern VAR_REF = Pattern.compile("(?<!\\$)\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern ANNOTATION = Pattern.compile("metadata\\.annotations\\['(.+)'\\]");

    private KubeletEmulation() {}

    /**
     * @param name the pod's name (podman's DNS name for it on the network)
     * @param template a Deployment's or Job's {@code spec.template}
     * @param annotations added to the pod's annotations (e.g. the Job controller's completion index)
     * @param secret the rendered Secret the template refers to
     */
    static ObjectNode pod(String name, JsonNode template, Map<String, String> annotations, JsonNode secret) {
        ObjectNode pod = StrictYaml.MAPPER.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = (ObjectNode) template.path("metadata").deepCopy();
        metadata.put("name", name);
        ObjectNode podAnnotations = metadata.has("annotations")
                ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
        annotations.forEach(podAnnotations::put);
        pod.set("metadata", metadata);
        ObjectNode spec = (ObjectNode) template.path("spec").deepCopy();
        pod.set("spec", spec);
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                resolve((ObjectNode) c, metadata, secret);
            }
        }
        podLocalVolumes(spec, name);
        return pod;
    }

    /**
     * podman 4.3 turns an emptyDir into a named volume called like the pod's volume, so pods with a
     * volume "tmp" would share one; a kubelet gives every pod its own. Prefix the names with the pod's.
     */
    private static void podLocalVolumes(ObjectNode spec, String pod) {
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("emptyDir")) {
                String old = v.path("name").asString();
                ((ObjectNode) v).put("name", pod + "-" + old);
                for (String list : new String[] {"initContainers", "containers"}) {
                    for (JsonNode c : spec.path(list)) {
                        for (JsonNode m : c.path("volumeMounts")) {
                            if (m.path("name").asString().equals(old)) {
                                ((ObjectNode) m).put("name", pod + "-" + old);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void resolve(ObjectNode container, JsonNode metadata, JsonNode secret) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asString(), value(e, env, metadata, secret));
        }
        if (!env.isEmpty()) {
            ArrayNode resolved = container.putArray("env");
            env.forEach((k, v) -> resolved.addObject().put("name", k).put("value", v));
        }
        for (String list : new String[] {"command", "args"}) {
            if (container.has(list)) {
                ArrayNode expanded = StrictYaml.MAPPER.createArrayNode();
                container.path(list).forEach(a -> expanded.add(expand(a.asString(), env)));
                container.set(list, expanded);
            }
        }
        resolveNamedProbePorts(container);
        container.remove("ports");
        // The kubelet makes tcpSocket/httpGet checks itself; podman 4.3 runs `nc`/`curl` inside the
        // container instead, which the Redis image lacks, and restarts it when a liveness check fails.
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            if (container.path(probe).has("tcpSocket") || container.path(probe).has("httpGet")) {
                container.remove(probe);
            }
        }
    }

    /** The kubelet resolves a probe's named port against the container's ports; podman needs the number. */
    private static void resolveNamedProbePorts(ObjectNode container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asString(""), p.path("containerPort").asInt()));
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            for (String action : new String[] {"httpGet", "tcpSocket"}) {
                JsonNode handler = container.path(probe).path(action);
                if (handler.path("port").isString()) {
                    String name = handler.path("port").asString();
                    Integer number = ports.get(name);
                    if (number == null) {
                        throw new IllegalArgumentException(probe + " of " + container.path("name").asString()
                                + " names port " + name + ", which the container does not declare");
                    }
                    ((ObjectNode) handler).put("port", number);
                }
            }
        }
    }

    private static String value(JsonNode e, Map<String, String> env, JsonNode metadata, JsonNode secret) {
        if (e.has("value")) {
            return expand(e.path("value").asString(), env);
        }
        JsonNode secretRef = e.path("valueFrom").path("secretKeyRef");
        if (!secretRef.isMissingNode()) {
            if (!secretRef.path("name").asString().equals(secret.path("metadata").path("name").asString())) {
                throw new IllegalArgumentException("env " + e.path("name").asString() + " refers to an unknown Secret");
            }
            String b64 = secret.path("data").path(secretRef.path("key").asString()).asString();
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        }
        String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asString("");
        Matcher annotation = ANNOTATION.matcher(field);
        if (annotation.matches()) {
            return metadata.path("annotations").path(annotation.group(1)).asString();
        }
        if (field.equals("metadata.name")) {
            return metadata.path("name").asString();
        }
        throw new IllegalArgumentException("env " + e.path("name").asString() + ": no emulation for " + e);
    }

    /** Kubernetes' rule: $(VAR) of an earlier variable is replaced, an unknown one is left as is. */
    static String expand(String text, Map<String, String> env) {
        return VAR_REF.matcher(text).replaceAll(m -> Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
    }
}
