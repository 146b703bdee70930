package dev.helyos.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helyos.cli.output.Out;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line of {@code GET …/logs} at a time, as {@code helyos logs} prints it. */
class LogLinePrinterTest {
    private static final List<String> STREAM = List.of(
            "{\"pod\":\"helyos-shop-web-0\",\"replica_index\":0,\"stream\":\"stdout\",\"text\":\"listening on 8080\"}",
            "",
            "{\"pod\":\"helyos-shop-web-1\",\"replica_index\":1,\"stream\":\"stderr\",\"text\":\"warning: slow disk\"}",
            "   ",
            "{\"pod\":\"helyos-shop-web-1\",\"replica_index\":1,\"stream\":\"stdout\",\"text\":\"\"}",
            "not json from a proxy in between");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void print(boolean json, boolean prefix) {
        LogLinePrinter printer = new LogLinePrinter(new Out(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), json, prefix);
        STREAM.forEach(printer);
    }

    @Test
    void onePodsLinesAsTheyAreStderrToStderrKeepAlivesSkipped() {
        print(false, false);
        assertEquals("listening on 8080\n\nnot json from a proxy in between\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("warning: slow disk\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void severalPodsLinesNameThePod() {
        print(false, true);
        assertEquals("helyos-shop-web-0 | listening on 8080\nhelyos-shop-web-1 | \nnot json from a proxy in between\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals("helyos-shop-web-1 | warning: slow disk\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jsonPassesEachObjectThroughAndSkipsKeepAlives() {
        print(true, true);
        assertEquals(String.join("\n", STREAM.get(0), STREAM.get(2), STREAM.get(4), STREAM.get(5)) + "\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
