package dev.helyos.cli.script;

import dev.helyos.cli.CliException;
import java.nio.file.Path;

/**
 * {@code io.readFile(path)} and {@code io.readLines(path)}: UTF-8 text files, read-only. Without
 * {@code --allow-io} the functions exist but refuse, so the script's error says how to allow it.
 */
final class IoBinding implements ScriptBinding {
    private final boolean allowed;

    IoBinding(boolean allowed) {
        this.allowed = allowed;
    }

    @Override
    public void bind(ScriptApi api) {
        api.function("io.readFile", args -> read(args.string(0, "a file path")));
        api.function("io.readLines", args -> read(args.string(0, "a file path")).lines().toList());
    }

    private String read(String path) {
        if (!allowed) {
            throw new CliException("reading files is not allowed: " + path, "run the script with --allow-io");
        }
        return TextFile.read(Path.of(path));
    }
}
