package dev.locklab.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses rendered manifests into fabric8's typed Kubernetes models, strictly: an unknown field anywhere
 * (a typo such as {@code readOnlyRootFilesytem}) is an error, as is an unknown {@code apiVersion}/{@code kind}.
 *
 * <p>Every fabric8 model class has an {@code @JsonAnySetter} "additionalProperties" map that would
 * silently swallow unknown fields; the introspector here switches any-setters off, so Jackson's
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} applies at every depth. Objects the typed model does not cover
 * (the Prometheus Operator's {@code PodMonitor}) are kept as trees and checked by the tests themselves.
 *
 * <p>Thread-safe: the mapper is immutable after construction.
 */
final class StrictYaml {

    /** apiVersion/kind -> typed model. Anything else fails, except {@link #UNTYPED}. */
    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.of(
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class);

    /** Custom resources with no model on the classpath: parsed as trees. */
    private static final List<String> UNTYPED = List.of("monitoring.coreos.com/v1/PodMonitor");

    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .annotationIntrospector(new NoAnySetter())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictYaml() {}

    /** One object of a rendered stream: its typed model, or only its tree for {@link #UNTYPED} kinds. */
    record Doc(String apiVersionKind, String name, HasMetadata typed, JsonNode tree) {}

    /**
     * Parses a multi-document YAML stream.
     *
     * @throws tools.jackson.core.JacksonException on an unknown field or malformed value
     * @throws IllegalArgumentException on an unknown apiVersion/kind or a document without a name
     */
    static List<Doc> parse(String yaml) {
        List<Doc> docs = new ArrayList<>();
        for (JsonNode node : MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (node == null || node.isNull() || node.isEmpty()) {
                continue; // an empty document between two separators
            }
            if (!(node instanceof ObjectNode)) {
                throw new IllegalArgumentException("a manifest must be a mapping, got: " + node);
            }
            String key = node.path("apiVersion").asString("") + "/" + node.path("kind").asString("");
            String name = node.path("metadata").path("name").asString("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(key + " without metadata.name");
            }
            Class<? extends HasMetadata> type = TYPED.get(key);
            if (type != null) {
                docs.add(new Doc(key, name, MAPPER.treeToValue(node, type), node));
            } else if (UNTYPED.contains(key)) {
                docs.add(new Doc(key, name, null, node));
            } else {
                throw new IllegalArgumentException("unexpected apiVersion/kind " + key + " (" + name
                        + "): add it to StrictYaml if it is meant to be there");
            }
        }
        return docs;
    }

    /** Turns {@code @JsonAnySetter} off everywhere, so unknown properties are errors. */
    private static final class NoAnySetter extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
            return Boolean.FALSE;
        }
    }
}
