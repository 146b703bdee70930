package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.output.Table;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code helyos plugins}: what the daemon has loaded (stores, proxies, CAs, issuers, runtimes). */
@Command(name = "plugins", description = "List the daemon's plugins: id, kind, version, state, provider.")
public final class PluginsCommand implements Runnable {
    static final String PATH = "/api/v1/plugins";

    @ParentCommand
    Cli cli;

    @Override
    public void run() {
        Object plugins = cli.client().get(PATH);
        if (cli.printJson(plugins)) {
            return;
        }
        Table table = new Table("Plugins", "ID", "Kind", "Version", "State", "Provider");
        for (Object item : (List<?>) plugins) {
            Map<?, ?> p = (Map<?, ?>) item;
            table.row(p.get("id"), p.get("kind"), p.get("version"), p.get("state"), p.get("provider"));
        }
        cli.out().print(table.render());
    }
}
