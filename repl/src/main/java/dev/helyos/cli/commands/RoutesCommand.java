package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.output.Table;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code helyos routes [-p P]}: the routes table of the product page. */
@Command(name = "routes", description = "List routes (all projects, or one with -p).")
public final class RoutesCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT", description = "Only this project's routes")
    String project;

    @Override
    public void run() {
        String path = "/api/v1/routes" + (project == null ? "" : "?project=" + Cli.path(project));
        Object routes = cli.client().get(path);
        if (cli.printJson(routes)) {
            return;
        }
        Table table = new Table("Routes", "Domain", "Project", "Deployment", "TLS", "Created");
        for (Object item : (List<?>) routes) {
            Map<?, ?> route = (Map<?, ?>) item;
            table.row(route.get("domain"), route.get("project"), route.get("deployment"), route.get("tls_mode"),
                    route.get("created_at"));
        }
        cli.out().print(table.render());
        for (Object item : (List<?>) routes) {
            Map<?, ?> route = (Map<?, ?>) item;
            if ("failed".equals(route.get("status"))) {
                cli.out().warn(route.get("domain") + " is not served: " + route.get("error"));
            }
        }
    }
}
