package dev.helyos.cli.script;

import dev.helyos.cli.commands.CertsBinding;
import dev.helyos.cli.commands.DeploymentsBinding;
import dev.helyos.cli.commands.ProjectsBinding;
import dev.helyos.cli.commands.EventsBinding;
import dev.helyos.cli.commands.PluginsBinding;
import dev.helyos.cli.commands.RoutesBinding;
import dev.helyos.cli.commands.ServerBinding;
import dev.helyos.cli.commands.TokensBinding;
import java.util.List;

/** Every binding a script gets. A new capability adds its binding here. */
final class ScriptBindings {
    private ScriptBindings() {
    }

    static List<ScriptBinding> all(boolean allowIo) {
        return List.of(new ServerBinding(), new TokensBinding(), new ProjectsBinding(), new RoutesBinding(), new DeploymentsBinding(), new CertsBinding(), new PluginsBinding(), new EventsBinding(), new IoBinding(allowIo));
    }
}
