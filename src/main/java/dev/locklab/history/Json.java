package dev.locklab.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** One shared Jackson mapper and the op <-> JSON line conversions. Thread-safe (ObjectMapper is). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    public static String line(Op op) {
        try {
            return MAPPER.writeValueAsString(op);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write op as JSON", e);
        }
    }

    public static List<String> lines(List<Op> ops) {
        List<String> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            out.add(line(op));
        }
        return out;
    }

    /** Parses JSON lines; a line that is not an op is skipped and counted in {@code bad}. */
    public static List<Op> parse(List<String> lines, int[] bad) {
        List<Op> ops = new ArrayList<>(lines.size());
        for (String l : lines) {
            try {
                ops.add(MAPPER.readValue(l, Op.class));
            } catch (JsonProcessingException e) {
                bad[0]++;
            }
        }
        return ops;
    }
}
