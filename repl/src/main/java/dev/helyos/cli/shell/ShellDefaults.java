package dev.helyos.cli.shell;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The global options given to {@code helyos shell} (e.g. {@code --context staging}), as the
 * defaults of every line typed in it. A line can still override them for itself.
 */
final class ShellDefaults implements IDefaultValueProvider {
    private final Map<String, String> values;

    private ShellDefaults(Map<String, String> values) {
        this.values = values;
    }

    /** Captures the global options as parsed for {@code shell} (before or after the word {@code shell}). */
    static ShellDefaults of(CommandSpec shell) {
        Map<String, String> values = new HashMap<>();
        for (OptionSpec option : shell.options()) {
            Object value = option.getValue();
            if (option.scopeType() == ScopeType.INHERIT && value != null && !Boolean.FALSE.equals(value)) {
                values.put(option.longestName(), value.toString());
            }
        }
        return new ShellDefaults(values);
    }

    /** The value given for a global option such as {@code --context}, or null. */
    String get(String option) {
        return values.get(option);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option && option.scopeType() == ScopeType.INHERIT ? values.get(option.longestName()) : null;
    }
}
