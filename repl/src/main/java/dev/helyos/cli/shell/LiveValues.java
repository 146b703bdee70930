package dev.helyos.cli.shell;

import dev.helyos.cli.Cli;
import dev.helyos.cli.client.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The completion values helyos knows: register a source here for each new kind of name. */
final class LiveValues {
    /** How long TAB may wait for the daemon before it offers nothing. */
    static final long DAEMON_WAIT_MS = 2_000;

    private LiveValues() {
    }

    static CompletionValues of(Cli cli) {
        CompletionValues values = new CompletionValues();
        for (String command : List.of("context use", "context rm", "context rename", "context set", "logout")) {
            values.positional(command, 0, () -> cli.config().contexts().keySet());
        }
        values.option("--context", () -> cli.config().contexts().keySet());
        values.positional("auth token revoke", 0, () -> names(cli, "/api/v1/tokens"));
        for (String command : List.of("project suspend", "project resume", "project delete")) {
            values.positional(command, 0, () -> names(cli, "/api/v1/projects"));
        }
        values.option("--project", () -> names(cli, "/api/v1/projects"));
        values.option("-p", () -> names(cli, "/api/v1/projects"));
        values.positional("secret rm", 0, () -> names(cli, "/api/v1/projects/" + Cli.path(cli.project(null)) + "/secrets?detail=true"));
        values.positional("route rm", 0, () -> field(cli, "/api/v1/routes", "domain"));
        values.positional("cert renew", 0, () -> field(cli, "/api/v1/certs", "domain"));
        values.positional("cert import", 0, () -> field(cli, "/api/v1/routes", "domain"));
        values.positional("cert root", 0, () -> field(cli, "/api/v1/certs/issuers", "id"));
        values.option("--issuer", () -> field(cli, "/api/v1/certs/issuers", "id"));
        values.positional("proxy use", 0, () -> proxyPlugins(cli));
        values.option("events", "--type", () -> dev.helyos.cli.commands.EventsCommand.TYPES);
        for (String command : List.of("status", "scale", "stop", "start", "rm", "logs")) {
            values.positional(command, 0, () -> names(cli, "/api/v1/deployments?project=" + Cli.path(cli.project(null))));
        }
        values.option("--deployment", () -> names(cli, "/api/v1/deployments?project=" + Cli.path(cli.project(null))));
        return values;
    }

    /** The ids of the installed proxy plugins. */
    static List<String> proxyPlugins(Cli cli) {
        return field(cli, "/api/v1/plugins", "id", plugin -> "proxy".equals(plugin.get("kind")));
    }

    /** The {@code name} of each object in the list the daemon answers at {@code path}. */
    static List<String> names(Cli cli, String path) {
        return field(cli, path, "name");
    }

    /** The {@code field} of each object in the list the daemon answers at {@code path}. */
    static List<String> field(Cli cli, String path, String field) {
        return field(cli, path, field, item -> true);
    }

    /** The {@code field} of each object that {@code keep} accepts. */
    static List<String> field(Cli cli, String path, String field, java.util.function.Predicate<Map<?, ?>> keep) {
        ApiClient client = cli.quietClient(); // resolved here, on the shell's thread, from the Cli's state
        Object answer;
        try {
            // The client's read timeout is a minute: a daemon that accepts but hangs must not freeze TAB.
            answer = CompletableFuture.supplyAsync(() -> client.get(path)).get(DAEMON_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (answer instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map && map.get(field) != null && keep.test(map)) {
                    names.add(map.get(field).toString());
                }
            }
        }
        return names;
    }
}
