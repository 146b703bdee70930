package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptExit;
import dev.helyos.cli.script.ScriptBinding;

/**
 * Scripts' {@code helyos.whoami()} (as {@link WhoamiCommand}), {@code helyos.version()} (the
 * server's), {@code helyos.status()} (the daemon's components, as {@code helyos status}) and {@code helyos.exit(code)} (ends the script with that exit code, for cron and CI).
 */
public final class ServerBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.whoami", args -> api.client().get("/api/v1/whoami"));
        api.function("helyos.version", args -> api.client().get("/api/v1/version"));
        api.function("helyos.status", args -> api.client().get("/api/v1/status"));
        api.function("helyos.exit", args -> {
            Object code = args.value(0);
            if (!(code instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0 || n.intValue() > 125) {
                throw new CliException("helyos.exit: argument 1 must be an exit code from 0 to 125", null);
            }
            throw new ScriptExit(n.intValue());
        });
    }
}
