package dev.locklab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The report's writers over the project's one Jackson mapper ({@link dev.locklab.history.Json#MAPPER}). {@link ObjectMapper} and {@link ObjectWriter} are thread-safe
 * once configured, so these constants may be shared by any thread. Readers ignore unknown properties,
 * so an older locklab can read a newer results.json. Package-private.
 */
final class Json {
    static final ObjectMapper MAPPER = dev.locklab.history.Json.MAPPER;
    /** Pretty, for files humans open. */
    static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    /** One object per line, for history.jsonl. */
    static final ObjectWriter LINE = MAPPER.writer();

    private Json() {
    }
}
