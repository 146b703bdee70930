package dev.helyos.cli.shell;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the shell's completion gets values it cannot know from the command model: context names,
 * token names, later project names and domains. A source is registered for a positional parameter
 * of a command ({@code "context use"}, index 0) or for an option, either of one command or of every
 * command that has it ({@code "--context"}). Commands are named by their canonical path without
 * {@code helyos}, options by their longest name; aliases typed by the user resolve to the same.
 *
 * <p>A source that fails (the daemon is down, the token is wrong, …) gives no candidates: TAB must
 * never break the shell.
 */
public final class CompletionValues {
    private static final String ANY_COMMAND = "*";

    private final Map<String, Supplier<? extends Collection<String>>> sources = new HashMap<>();

    /** Values for the {@code index}-th positional parameter (from 0) of {@code command}. */
    public CompletionValues positional(String command, int index, Supplier<? extends Collection<String>> source) {
        sources.put(command + " #" + index, source);
        return this;
    }

    /** Values for {@code option} of {@code command}. */
    public CompletionValues option(String command, String option, Supplier<? extends Collection<String>> source) {
        sources.put(command + " " + option, source);
        return this;
    }

    /** Values for {@code option} on every command that has it (global options, {@code --project}, …). */
    public CompletionValues option(String option, Supplier<? extends Collection<String>> source) {
        return option(ANY_COMMAND, option, source);
    }

    List<String> forPositional(String command, int index) {
        return values(sources.get(command + " #" + index));
    }

    List<String> forOption(String command, String option) {
        Supplier<? extends Collection<String>> source = sources.get(command + " " + option);
        return values(source != null ? source : sources.get(ANY_COMMAND + " " + option));
    }

    private static List<String> values(Supplier<? extends Collection<String>> source) {
        if (source == null) {
            return List.of();
        }
        try {
            Collection<String> values = source.get();
            return values == null ? List.of() : List.copyOf(values);
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
