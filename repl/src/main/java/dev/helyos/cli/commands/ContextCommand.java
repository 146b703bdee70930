package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.ServerUrl;
import dev.helyos.cli.config.CliConfig;
import dev.helyos.cli.config.Context;
import dev.helyos.cli.output.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos context ls|use|current|rename|set|rm}. */
@Command(name = "context", description = "Manage saved connections.",
        subcommands = {ContextCommand.Ls.class, ContextCommand.Use.class, ContextCommand.Current.class,
                ContextCommand.Rename.class, ContextCommand.Set.class, ContextCommand.Rm.class})
public final class ContextCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Override
    public void run() {
        new Ls(this).run();
    }

    private Context existing(String name) {
        Context ctx = cli.config().context(name);
        if (ctx == null) {
            throw new CliException("no context named '" + name + "'", cli.contextsHint());
        }
        return ctx;
    }

    @Command(name = "ls", aliases = "list", description = "List contexts.")
    static final class Ls implements Runnable {
        @ParentCommand
        ContextCommand parent;

        Ls() {
        }

        Ls(ContextCommand parent) {
            this.parent = parent;
        }

        @Override
        public void run() {
            CliConfig config = parent.cli.config();
            List<Object> json = new ArrayList<>();
            Table table = new Table("Contexts", "", "Name", "Server", "Project", "Trust", "Token");
            config.contexts().forEach((name, ctx) -> {
                boolean current = name.equals(config.currentContext());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", name);
                row.put("current", current);
                row.put("server", ctx.server());
                row.put("project", ctx.project());
                row.put("trust", ctx.trust());
                row.put("token_name", ctx.tokenName());
                row.put("logged_in", ctx.token() != null);
                json.add(row);
                table.row(current ? "*" : "", name, ctx.server(), ctx.project(), ctx.trust(),
                        ctx.token() == null ? "(logged out)" : ctx.tokenName() == null ? "set" : ctx.tokenName());
            });
            if (!parent.cli.printJson(json)) {
                parent.cli.out().print(table.render());
            }
        }
    }

    @Command(name = "use", description = "Make a context the current one.")
    static final class Use implements Runnable {
        @ParentCommand
        ContextCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            parent.existing(name);
            parent.cli.config().use(name);
            Saving.save(parent.cli.config());
            parent.cli.out().success("Switched to context '" + name + "'");
        }
    }

    @Command(name = "current", description = "Print the current context's name.")
    static final class Current implements Runnable {
        @ParentCommand
        ContextCommand parent;

        @Override
        public void run() {
            String name = parent.cli.contextName();
            if (name == null) {
                throw new CliException("no current context", parent.cli.contextsHint());
            }
            if (!parent.cli.printJson(Map.of("name", name))) {
                parent.cli.out().println(name);
            }
        }
    }

    @Command(name = "rename", description = "Rename a context.")
    static final class Rename implements Runnable {
        @ParentCommand
        ContextCommand parent;

        @Parameters(index = "0", paramLabel = "OLD")
        String from;

        @Parameters(index = "1", paramLabel = "NEW")
        String to;

        @Override
        public void run() {
            Context ctx = parent.existing(from);
            LoginCommand.checkName(to);
            CliConfig config = parent.cli.config();
            if (config.context(to) != null) {
                throw new CliException("a context named '" + to + "' already exists", "remove it first or pick another name");
            }
            boolean wasCurrent = from.equals(config.currentContext());
            config.remove(from);
            config.put(to, ctx);
            if (wasCurrent) {
                config.use(to);
            }
            Saving.save(config);
            parent.cli.out().success("Renamed context '" + from + "' to '" + to + "'");
        }
    }

    @Command(name = "set", description = "Create or change a context's server, project or trust.")
    static final class Set implements Runnable {
        @ParentCommand
        ContextCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--project", paramLabel = "PROJECT", description = "Default project")
        String project;

        @Option(names = "--insecure", arity = "0..1", paramLabel = "true|false", description = "Skip TLS verification")
        Boolean insecure;

        @Override
        public void run() {
            LoginCommand.checkName(name);
            String server = parent.cli.serverFlag(); // the global --server sets the context's server here
            CliConfig config = parent.cli.config();
            Context ctx = config.context(name);
            if (ctx == null) {
                if (server == null) {
                    throw new CliException("context '" + name + "' does not exist yet: --server is required to create it", "helyos context set " + name + " --server https://host:6443");
                }
                ctx = new Context(null, null, null, "default", false, null, null);
            }
            if (server != null) {
                ctx = ctx.withServer(ServerUrl.check(server, "--server"));
            }
            if (project != null) {
                if (!project.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                    throw new CliException("project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '" + project + "')", null);
                }
                ctx = ctx.withProject(project);
            }
            if (insecure != null) {
                ctx = ctx.withInsecure(insecure);
            }
            config.put(name, ctx);
            if (config.currentContext() == null) {
                config.use(name);
            }
            Saving.save(config);
            parent.cli.out().success("Context '" + name + "' saved");
        }
    }

    @Command(name = "rm", aliases = "delete", description = "Remove a context.")
    static final class Rm implements Runnable {
        @ParentCommand
        ContextCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            parent.existing(name);
            parent.cli.config().remove(name);
            Saving.save(parent.cli.config());
            parent.cli.out().success("Removed context '" + name + "'");
        }
    }
}
