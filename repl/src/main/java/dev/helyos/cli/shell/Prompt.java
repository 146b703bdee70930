package dev.helyos.cli.shell;

import dev.helyos.cli.config.CliConfig;
import dev.helyos.cli.config.Context;

/** The shell's prompt: {@code helyos (CONTEXT/PROJECT)> }, or {@code helyos> } without a context. */
final class Prompt {
    private Prompt() {
    }

    /** {@code contextFlag} is the shell's {@code --context}, which wins over the current context. */
    static String of(CliConfig config, String contextFlag) {
        String name = contextFlag != null ? contextFlag : config.currentContext();
        Context context = name == null ? null : config.context(name);
        if (context == null) {
            return "helyos> ";
        }
        return "helyos (" + name + (context.project() == null ? "" : "/" + context.project()) + ")> ";
    }
}
