package dev.helyos.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single commands start without loading JLine or the shell: they pay nothing for it. */
class ShellStaysOffCommandsTest {
    @TempDir
    Path home;

    @Test
    void aCommandLoadsNoJLineClass() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "dev.helyos.cli.Main", "context", "ls"))
                .redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("HELYOS_CONFIG", home.resolve("config.toml").toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("dev.helyos.cli.commands.ContextCommand"), "the command ran: " + out);
        List<String> loaded = out.lines().filter(l -> l.contains(" org.jline.") || l.contains(" dev.helyos.cli.shell.")).toList();
        assertEquals(List.of(), loaded);
    }
}
