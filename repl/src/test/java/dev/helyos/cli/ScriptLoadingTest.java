package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary commands start without loading GraalJS; only {@code helyos script} does. */
class ScriptLoadingTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheScriptCommandLoadsGraalJs() throws Exception {
        String ordinary = classesLoaded("context", "ls");
        assertTrue(ordinary.contains("dev.helyos.cli.commands.ScriptCommand "), "the command tree was built");
        assertEquals(List.of(), graalClasses(ordinary));
        assertTrue(graalClasses(classesLoaded("script", "eval", "1")).size() > 100, "the script command does load it");
    }

    private String classesLoaded(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HELYOS_CONFIG", dir.resolve("config.toml").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static List<String> graalClasses(String log) {
        return log.lines().filter(l -> l.contains("org.graalvm.") || l.contains("com.oracle.truffle.")).toList();
    }
}
