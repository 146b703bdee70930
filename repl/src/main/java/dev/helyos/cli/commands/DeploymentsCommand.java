package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.output.Table;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code helyos deployments}: a project's deployments and how ready they are. */
@Command(name = "deployments", description = "List a project's deployments.")
public final class DeploymentsCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Mixin
    ProjectOption project;

    @Override
    public void run() {
        String p = cli.project(project.project);
        Object deployments = cli.client().get(DeploymentApi.list(p));
        if (!cli.printJson(deployments)) {
            cli.out().print(table("Deployments in " + p, (List<?>) deployments).render());
        }
    }

    static Table table(String title, List<?> deployments) {
        Table table = new Table(title, "Name", "Image", "Ready", "Status", "Updated");
        for (Object item : deployments) {
            Map<?, ?> d = (Map<?, ?>) item;
            table.row(d.get("name"), d.get("image"), DeploymentApi.readyOfWanted(d), d.get("status"), d.get("updated_at"));
        }
        return table;
    }
}
