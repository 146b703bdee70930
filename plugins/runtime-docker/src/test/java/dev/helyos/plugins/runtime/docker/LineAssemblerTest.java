package dev.helyos.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helyos.plugin.api.LogLine;
import dev.helyos.plugin.api.LogLine.Stream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
    private final List<LogLine> lines = new ArrayList<>();
    private final LineAssembler assembler = new LineAssembler(lines::add);

    @Test
    void joinsLinesCutAcrossFramesEvenInsideACharacter() {
        byte[] text = "héllo\nwörld\n".getBytes(StandardCharsets.UTF_8);
        assembler.feed(Stream.STDOUT, Arrays.copyOfRange(text, 0, 2)); // cuts 'é' in half
        assembler.feed(Stream.STDOUT, Arrays.copyOfRange(text, 2, 8));
        assembler.feed(Stream.STDOUT, Arrays.copyOfRange(text, 8, text.length));
        assertEquals(List.of(new LogLine(Stream.STDOUT, "héllo"), new LogLine(Stream.STDOUT, "wörld")), lines);
    }

    @Test
    void keepsStdoutAndStderrPartsApart() {
        assembler.feed(Stream.STDOUT, bytes("out-"));
        assembler.feed(Stream.STDERR, bytes("err-"));
        assembler.feed(Stream.STDOUT, bytes("1\n"));
        assembler.feed(Stream.STDERR, bytes("1\n"));
        assertEquals(List.of(new LogLine(Stream.STDOUT, "out-1"), new LogLine(Stream.STDERR, "err-1")), lines);
    }

    @Test
    void manyLinesInOneFrameAndCarriageReturnsDropped() {
        assembler.feed(Stream.STDOUT, bytes("a\r\nb\n\nc\n"));
        assertEquals(List.of("a", "b", "", "c"), lines.stream().map(LogLine::text).toList());
    }

    @Test
    void flushDeliversAnUnterminatedLastLineOnce() {
        assembler.feed(Stream.STDOUT, bytes("done\nno newline"));
        assembler.flush();
        assembler.flush();
        assertEquals(List.of("done", "no newline"), lines.stream().map(LogLine::text).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
