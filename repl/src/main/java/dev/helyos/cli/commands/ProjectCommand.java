package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.output.Table;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos project list|create|suspend|resume|delete}. */
@Command(name = "project", description = "Projects: namespaces for deployments, routes and secrets.",
        subcommands = {ProjectCommand.List_.class, ProjectCommand.Create.class, ProjectCommand.Suspend.class,
                ProjectCommand.Resume.class, ProjectCommand.Delete.class})
public final class ProjectCommand {
    @ParentCommand
    Cli cli;

    static String path(String name) {
        return "/api/v1/projects/" + Cli.path(name);
    }

    private void changeState(String name, String action, String done) {
        Object project = cli.client().post(path(name) + "/" + action, Map.of());
        if (!cli.printJson(project)) {
            cli.out().success(done + " project '" + name + "'");
        }
    }

    @Command(name = "list", aliases = "ls", description = "List projects.")
    static final class List_ implements Runnable {
        @ParentCommand
        ProjectCommand parent;

        @Override
        public void run() {
            Cli cli = parent.cli;
            Object projects = cli.client().get("/api/v1/projects");
            if (cli.printJson(projects)) {
                return;
            }
            Table table = new Table("Projects", "Name", "State", "Created");
            for (Object p : (List<?>) projects) {
                Map<?, ?> m = (Map<?, ?>) p;
                table.row(m.get("name"), m.get("state"), m.get("created_at"));
            }
            cli.out().print(table.render());
        }
    }

    @Command(name = "create", description = "Create a project.")
    static final class Create implements Runnable {
        @ParentCommand
        ProjectCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            Object created = parent.cli.client().post("/api/v1/projects", Map.of("name", name));
            if (!parent.cli.printJson(created)) {
                parent.cli.out().success("Created project '" + name + "'");
            }
        }
    }

    @Command(name = "suspend", description = "Stop everything in a project, keeping its state.")
    static final class Suspend implements Runnable {
        @ParentCommand
        ProjectCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            parent.changeState(name, "suspend", "Suspended");
        }
    }

    @Command(name = "resume", description = "Start a suspended project again.")
    static final class Resume implements Runnable {
        @ParentCommand
        ProjectCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            parent.changeState(name, "resume", "Resumed");
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete a project (refused while it has deployments, unless --force).")
    static final class Delete implements Runnable {
        @ParentCommand
        ProjectCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Also delete its deployments, routes and secrets")
        boolean force;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
        boolean yes;

        @Override
        public void run() {
            Cli cli = parent.cli;
            if (force && !yes) {
                if (!cli.interactive() || System.console() == null) {
                    throw new CliException("--force deletes everything in project '" + name + "'; confirm with --yes", "helyos project delete " + name + " --force --yes");
                }
                String answer = System.console().readLine("Delete project '%s' and everything in it? [y/N] ", name);
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    throw new CliException("not deleted", null);
                }
            }
            cli.client().delete(path(name) + (force ? "?force=true" : ""));
            if (!cli.printJson(Map.of("deleted", name))) {
                cli.out().success("Deleted project '" + name + "'");
            }
        }
    }
}
