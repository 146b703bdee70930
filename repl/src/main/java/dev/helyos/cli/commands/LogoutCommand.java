package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.config.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos logout [NAME]}: forgets the token, keeps the server and the pinned CA. */
@Command(name = "logout", description = "Drop a context's token (server and pinned CA are kept).")
public final class LogoutCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Parameters(arity = "0..1", paramLabel = "CONTEXT", description = "Context (default: the current one)")
    String name;

    @Override
    public void run() {
        String target = name != null ? name : cli.contextName();
        Context ctx = target == null ? null : cli.config().context(target);
        if (ctx == null) {
            throw new CliException(target == null ? "no current context to log out of" : "no context named '" + target + "'", cli.contextsHint());
        }
        cli.config().put(target, ctx.withToken(null, null));
        Saving.save(cli.config());
        cli.out().success("Logged out of context '" + target + "' (server and pinned CA kept)");
    }
}
