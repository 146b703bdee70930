package dev.helyos.cli.commands;

import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;

/** Scripts' {@code helyos.tokens.list()}, {@code .create({name, ttl_secs, scope})} and {@code .revoke(name)}: {@link AuthCommand} for JS. */
public final class TokensBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.tokens.list", args -> api.client().get("/api/v1/tokens"));
        api.function("helyos.tokens.create", args ->
                api.client().post("/api/v1/tokens", args.object(0, "an object like {name, ttl_secs, scope}")));
        api.function("helyos.tokens.revoke", args -> {
            api.client().delete(AuthCommand.tokenPath(args.string(0, "the token name")));
            return null;
        });
    }
}
