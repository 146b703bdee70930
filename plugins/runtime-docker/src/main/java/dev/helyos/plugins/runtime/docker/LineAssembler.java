package dev.helyos.plugins.runtime.docker;

import dev.helyos.plugin.api.LogLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the engine's log frames (chunks of bytes, cut anywhere) into whole lines, one buffer per
 * stream since stdout and stderr chunks interleave. Bytes are decoded only once a line is complete,
 * so a character split between two frames survives. Not thread-safe: one per log stream.
 */
final class LineAssembler {
    private final Consumer<LogLine> onLine;
    private final Map<LogLine.Stream, ByteArrayOutputStream> partial = new EnumMap<>(LogLine.Stream.class);

    LineAssembler(Consumer<LogLine> onLine) {
        this.onLine = onLine;
    }

    void feed(LogLine.Stream stream, byte[] bytes) {
        ByteArrayOutputStream buffer = partial.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        for (byte b : bytes) {
            if (b == '\n') {
                emit(stream, buffer);
            } else {
                buffer.write(b);
            }
        }
    }

    /** Delivers what is left of unterminated lines (the output ended without a final newline). */
    void flush() {
        partial.forEach((stream, buffer) -> {
            if (buffer.size() > 0) {
                emit(stream, buffer);
            }
        });
    }

    private void emit(LogLine.Stream stream, ByteArrayOutputStream buffer) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        onLine.accept(new LogLine(stream, text));
    }
}
