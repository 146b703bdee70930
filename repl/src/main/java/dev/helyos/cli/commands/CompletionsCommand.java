package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code helyos completions bash|zsh}: picocli's generated completion script. */
@Command(name = "completions", description = "Print a shell completion script: source <(helyos completions bash)")
public final class CompletionsCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @Override
    public void run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliException("unsupported shell '" + shell + "' (expected bash or zsh)", "helyos completions bash");
        }
        // picocli's script is bash; zsh runs it through bashcompinit.
        String script = AutoComplete.bash("helyos", spec.root().commandLine());
        if (shell.equals("zsh")) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        cli.out().print(script);
    }
}
