package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos scale|stop|start|rm NAME}: change one deployment. */
public final class DeploymentActions {
    private DeploymentActions() {
    }

    @Command(name = "scale", description = "Set how many pods a deployment runs (0 keeps it, with none running).")
    public static final class Scale implements Runnable {
        @ParentCommand
        Cli cli;

        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "N")
        String replicas;

        @Override
        public void run() {
            String p = cli.project(project.project);
            int n = SpecRules.scale(replicas);
            Object detail = cli.client().post(DeploymentApi.path(p, name) + "/scale", Map.of("replicas", n));
            if (!cli.printJson(detail)) {
                cli.out().success("Scaled " + p + "/" + name + " to " + n + " replica" + (n == 1 ? "" : "s"));
            }
        }
    }

    /** {@code stop} and {@code start}: one POST on the deployment, the same kind of answer. */
    abstract static class StateChange implements Runnable {
        @ParentCommand
        Cli cli;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME")
        String name;

        private final String action;
        private final String doing;

        StateChange(String action, String doing) {
            this.action = action;
            this.doing = doing;
        }

        @Override
        public void run() {
            String p = cli.project(project.project);
            Object detail = cli.client().post(DeploymentApi.path(p, name) + "/" + action, Map.of());
            if (!cli.printJson(detail)) {
                cli.out().success(doing + " " + p + "/" + name);
            }
        }
    }

    @Command(name = "stop", description = "Stop a deployment's pods (kept; start brings them back).")
    public static final class Stop extends StateChange {
        public Stop() {
            super("stop", "Stopping");
        }
    }

    @Command(name = "start", description = "Start a stopped deployment's pods again.")
    public static final class Start extends StateChange {
        public Start() {
            super("start", "Starting");
        }
    }

    @Command(name = "rm", description = "Remove a deployment, its pods and its routes.")
    public static final class Rm implements Runnable {
        @ParentCommand
        Cli cli;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
        boolean yes;

        @Override
        public void run() {
            String p = cli.project(project.project);
            if (!yes) {
                int pods = ((List<?>) DeploymentApi.pods(cli.client().get(DeploymentApi.path(p, name)))).size();
                String question = "Remove deployment " + p + "/" + name + " and its " + pods + " pod" + (pods == 1 ? "" : "s") + "?";
                if (!cli.interactive() || System.console() == null) {
                    throw new CliException(question.substring(0, question.length() - 1) + ": pass -y to confirm", null);
                }
                String answer = System.console().readLine("%s [y/N] ", question);
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    throw new CliException("not removed", null);
                }
            }
            cli.client().delete(DeploymentApi.path(p, name));
            if (!cli.printJson(Map.of("project", p, "name", name, "removed", true))) {
                cli.out().success("Removed " + p + "/" + name);
            }
        }
    }
}
