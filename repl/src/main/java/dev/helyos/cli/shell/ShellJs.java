package dev.helyos.cli.shell;

import dev.helyos.cli.Cli;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * JavaScript in the shell: {@code :js EXPRESSION} and {@code :load FILE}. The script runner
 * provides it through a {@link Factory} registered with {@link ServiceLoader}; a build without one
 * answers {@code ✗ JavaScript is not available in this build}. Failures are thrown as
 * {@link dev.helyos.cli.CliException}s (or any runtime exception), which the shell prints as
 * {@code ✗} lines before it reads the next one.
 */
public interface ShellJs extends AutoCloseable {

    /** Evaluates {@code code} and prints its result to the shell's output. */
    void eval(String code);

    /** Runs the script in {@code file}. */
    void load(Path file);

    @Override
    default void close() {
    }

    /** Opens the JavaScript engine the first time the shell needs it. */
    interface Factory {
        ShellJs open(Cli cli);

        /** The factory on the class path, or null when this build has none. */
        static Factory find() {
            return ServiceLoader.load(Factory.class).findFirst().orElse(null);
        }
    }
}
