package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.output.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos auth token create|ls|revoke}. */
@Command(name = "auth", description = "API tokens.", subcommands = AuthCommand.TokenCommand.class)
public final class AuthCommand {
    @ParentCommand
    Cli cli;

    /** The API path of one token. */
    static String tokenPath(String name) {
        return "/api/v1/tokens/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Command(name = "token", description = "Create, list and revoke API tokens.",
            subcommands = {TokenCommand.Create.class, TokenCommand.Ls.class, TokenCommand.Revoke.class})
    static final class TokenCommand {
        @ParentCommand
        AuthCommand auth;

        @Command(name = "create", description = "Create a token; its secret is shown once.")
        static final class Create implements Runnable {
            @ParentCommand
            TokenCommand parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Option(names = "--ttl", paramLabel = "SECS", description = "Expire after this many seconds")
            Long ttl;

            @Option(names = "--scope", paramLabel = "admin|read", description = "What the token may do (default: admin)")
            String scope;

            @Override
            public void run() {
                Cli cli = parent.auth.cli;
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", name);
                if (scope != null) {
                    body.put("scope", scope);
                }
                if (ttl != null) {
                    body.put("ttl_secs", ttl);
                }
                Object created = cli.client().post("/api/v1/tokens", body);
                if (cli.printJson(created)) {
                    return;
                }
                Map<?, ?> m = (Map<?, ?>) created;
                cli.out().success("Created token '" + m.get("name") + "' (scope " + m.get("scope") + ", "
                        + (m.get("expires_at") == null ? "no expiry" : "expires " + m.get("expires_at")) + ")");
                cli.out().println("  " + m.get("token"));
                cli.out().println("  save it now: it will not be shown again");
            }
        }

        @Command(name = "ls", aliases = "list", description = "List active tokens.")
        static final class Ls implements Runnable {
            @ParentCommand
            TokenCommand parent;

            @Override
            public void run() {
                Cli cli = parent.auth.cli;
                Object tokens = cli.client().get("/api/v1/tokens");
                if (cli.printJson(tokens)) {
                    return;
                }
                Table table = new Table("Tokens", "Name", "Scope", "Created", "Expires", "Last used");
                for (Object t : (List<?>) tokens) {
                    Map<?, ?> m = (Map<?, ?>) t;
                    table.row(m.get("name"), m.get("scope"), m.get("created_at"),
                            m.get("expires_at") == null ? "never" : m.get("expires_at"),
                            m.get("last_used_at") == null ? "never" : m.get("last_used_at"));
                }
                cli.out().print(table.render());
            }
        }

        @Command(name = "revoke", description = "Revoke a token at once.")
        static final class Revoke implements Runnable {
            @ParentCommand
            TokenCommand parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public void run() {
                Cli cli = parent.auth.cli;
                cli.client().delete(tokenPath(name));
                if (!cli.printJson(Map.of("revoked", name))) {
                    cli.out().success("Revoked token '" + name + "'");
                }
            }
        }
    }
}
