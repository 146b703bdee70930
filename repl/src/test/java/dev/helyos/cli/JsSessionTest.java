package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helyos.cli.output.Out;
import dev.helyos.cli.script.JsSession;
import dev.helyos.cli.script.ScriptFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session the interactive shell keeps open between lines. */
class JsSessionTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private JsSession session() {
        Map<String, String> env = Map.of("HELYOS_CONFIG", dir.resolve("config.toml").toString());
        Cli cli = new Cli(env, new Out(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false),
                new ByteArrayInputStream(new byte[0]), false);
        return new JsSession(cli, List.of("one"), false);
    }

    @Test
    void variablesAndFunctionsLiveAcrossEvalsAndLoads() throws Exception {
        try (JsSession js = session()) {
            assertNull(js.eval("let count = 40; function add(n) { count += n; return count; }"));
            assertEquals(41L, js.eval("add(1)"));
            Path file = Files.writeString(dir.resolve("more.js"), "const loaded = add(1) + 0.5;\n");
            js.load(file);
            assertEquals(42.5, js.eval("loaded"));
            assertEquals(Map.of("n", 42L, "list", List.of("one", true)), js.eval("({n: count, list: [args[0], true]})"));
            js.eval("console.log('from the session')");
            assertEquals("from the session\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void errorsLeaveTheSessionUsableAndBindingsAreTheScriptOnes() {
        try (JsSession js = session()) {
            js.eval("let kept = 'yes'");
            ScriptFailure failure = assertThrows(ScriptFailure.class, () -> js.eval("line1", "io.readFile('/etc/hostname')"));
            assertEquals("line1:1: HelyosError: reading files is not allowed: /etc/hostname", failure.getMessage());
            assertEquals("run the script with --allow-io", failure.hint());
            assertEquals("yes", js.eval("kept"));
            assertEquals("function", js.eval("typeof helyos.tokens.list"));
        }
    }

    @Test
    void showPrintsStringsAsTheyAreAndTheRestAsJson() {
        assertEquals("text", JsSession.show("text"));
        assertEquals("[ 1, \"a\" ]", JsSession.show(List.of(1L, "a")));
        assertNull(JsSession.show(null));
    }
}
