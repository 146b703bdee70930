package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.client.Json;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code helyos events [-f] [--type T] [--since ID]}: what the daemon did (certificates, routes,
 * pods, deploys, proxy), from the last 1,000 it keeps; {@code -f} follows new ones until Ctrl-C.
 */
@Command(name = "events", description = "Show what the daemon did (certificates, routes, pods, deploys, proxy); -f follows.")
public final class EventsCommand implements Runnable {
    public static final List<String> TYPES = List.of("cert", "route", "pod", "deploy", "proxy");

    @ParentCommand
    Cli cli;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted")
    boolean follow;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only cert, route, pod, deploy or proxy events")
    String type;

    @Option(names = "--since", paramLabel = "ID", defaultValue = "0", description = "Only events after this id")
    long since;

    @Override
    public void run() {
        if (type != null && !TYPES.contains(type)) {
            throw new CliException("--type must be one of " + String.join(", ", TYPES) + " (got '" + type + "')", null);
        }
        String path = path(since, type);
        if (!follow) {
            Object events = cli.client().get(path);
            if (cli.printJson(events)) {
                return;
            }
            for (Object event : (List<?>) events) {
                cli.out().println(line((Map<?, ?>) event));
            }
            return;
        }
        cli.client().streamLines(path + "&follow=true", text -> {
            if (text.startsWith("data: ")) {
                String data = text.substring("data: ".length());
                cli.out().println(cli.json() ? data : line((Map<?, ?>) Json.parse(data)));
            }
        });
    }

    static String path(long since, String type) {
        return "/api/v1/events?since=" + since + (type == null ? "" : "&type=" + Cli.path(type));
    }

    /** {@code 12  2026-12-04T02:30:01Z  cert.issued  api.example.com (shop)  from acme in 3500 ms} */
    static String line(Map<?, ?> e) {
        return e.get("id") + "  " + e.get("at") + "  " + e.get("type") + "." + e.get("action") + "  " + e.get("subject")
                + (e.get("project") == null ? "" : " (" + e.get("project") + ")")
                + (e.get("message") == null ? "" : "  " + e.get("message"));
    }
}
