package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.output.Table;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code helyos nodes}: the helyosd nodes on the daemon's store, up or down. */
@Command(name = "nodes", description = "List the helyosd nodes sharing this daemon's store: name, status, address, version, proxy.")
public final class NodesCommand implements Runnable {
    static final String PATH = "/api/v1/nodes";

    @ParentCommand
    Cli cli;

    @Override
    public void run() {
        Object nodes = cli.client().get(PATH);
        if (cli.printJson(nodes)) {
            return;
        }
        Table table = new Table("Nodes", "Name", "Status", "Address", "Version", "Proxy", "Last seen");
        for (Object item : (List<?>) nodes) {
            Map<?, ?> n = (Map<?, ?>) item;
            table.row(n.get("name"), n.get("status"), n.get("address"), n.get("version"), n.get("proxy_backend"), n.get("last_seen"));
        }
        cli.out().print(table.render());
    }
}
