package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated bash completion script, sourced in a real bash. */
class CompletionsTest {
    @TempDir
    Path dir;

    @Test
    void sourcedInBashItCompletesCommandsSubcommandsAndOptions() throws Exception {
        Run script = Run.helyos(dir.resolve("config.toml"), "completions", "bash");
        assertEquals(0, script.exit, script.toString());
        Path file = Files.writeString(dir.resolve("helyos.bash"), script.out);
        assertEquals("context\n", complete(file, "helyos con"));
        assertEquals("current\n", complete(file, "helyos context cu"));
        assertEquals("create\n", complete(file, "helyos auth token cr"));
        assertTrue(complete(file, "helyos login --ca-").contains("--ca-fingerprint"));
        assertEquals("deploy\ndeployments\n", complete(file, "helyos depl"));
        assertTrue(complete(file, "helyos deploy --").contains("--timeout"));
        assertTrue(complete(file, "helyos rm --").contains("--yes"));
        Run bad = Run.helyos(dir.resolve("config.toml"), "completions", "fish");
        assertEquals(1, bad.exit);
        assertTrue(bad.err.startsWith("✗ unsupported shell 'fish' (expected bash or zsh)"), bad.err);
    }

    private static String complete(Path script, String line) throws Exception {
        String program = "source " + script + "\n"
                + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "$(complete -p helyos | sed -E 's/.*-F ([^ ]+).*/\\1/') helyos \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" | sort\n";
        Process p = new ProcessBuilder(List.of("bash", "-c", program)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), line + ": " + out);
        return out.replaceAll("(?m)^\\s+|\\s+$", "").lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
    }
}
