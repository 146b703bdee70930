package dev.helyos.cli.commands;

import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;

/** Scripts' {@code helyos.whoami()} (as {@link WhoamiCommand}) and {@code helyos.version()} (the server's). */
public final class ServerBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.whoami", args -> api.client().get("/api/v1/whoami"));
        api.function("helyos.version", args -> api.client().get("/api/v1/version"));
    }
}
