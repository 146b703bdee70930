package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;

/**
 * Scripts' {@code helyos.plugins.list()}, {@code helyos.nodes.list()}, {@code helyos.proxy.get()} and
 * {@code helyos.proxy.use(id, {manage})}.
 */
public final class PluginsBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.plugins.list", args -> api.client().get(PluginsCommand.PATH));
        api.function("helyos.nodes.list", args -> api.client().get(NodesCommand.PATH));
        api.function("helyos.proxy.get", args -> api.client().get(ProxyCommand.PATH));
        api.function("helyos.proxy.use", args -> {
            String backend = args.string(0, "the proxy plugin id");
            Object manage = args.optionalObject(1, "an object like {manage: true}").get("manage");
            if (manage != null && !(manage instanceof Boolean)) {
                throw new CliException("helyos.proxy.use: manage must be true or false", null);
            }
            return api.client().post(ProxyCommand.PATH, ProxyCommand.body(backend, (Boolean) manage));
        });
    }
}
