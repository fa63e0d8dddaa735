package dev.locklab.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The report's one Jackson configuration. {@link ObjectMapper} and {@link ObjectWriter} are thread-safe
 * once configured, so these constants may be shared by any thread. Readers ignore unknown properties,
 * so an older locklab can read a newer results.json. Package-private.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** Pretty, for files humans open. */
    static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    /** One object per line, for history.jsonl. */
    static final ObjectWriter LINE = MAPPER.writer();

    private Json() {
    }
}
