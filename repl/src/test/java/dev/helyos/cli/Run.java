package dev.helyos.cli;

import dev.helyos.cli.output.Out;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code helyos ARGS} in-process, non-interactively, with a given environment and stdin. */
public final class Run {
    public final int exit;
    public final String out;
    public final String err;

    private Run(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    public static Run helyos(Path config, Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HELYOS_CONFIG", config.toString());
        env.put("HOME", config.getParent().toString());
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, env, new Out(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Run helyos(Path config, String... args) {
        return helyos(config, Map.of(), "", args);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
