package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code helyos proxy}: the proxy backend that serves the routes, its managed process and last
 * apply; {@code helyos proxy use ID [--manage|--no-manage]} switches it live, the new backend taking
 * every route before the old one lets go.
 */
@Command(name = "proxy", description = "Show the active proxy backend, or switch it live with 'proxy use ID'.",
        subcommands = ProxyCommand.Use.class)
public final class ProxyCommand implements Runnable {
    static final String PATH = "/api/v1/cluster/config/proxy";

    @ParentCommand
    Cli cli;

    @Override
    public void run() {
        Object proxy = cli.client().get(PATH);
        if (cli.printJson(proxy)) {
            return;
        }
        cli.out().print(describe((Map<?, ?>) proxy));
    }

    static String describe(Map<?, ?> p) {
        StringBuilder out = new StringBuilder();
        out.append("Backend:    ").append(p.get("backend") == null ? "none" : p.get("backend")).append('\n');
        out.append("            ").append(p.get("description")).append('\n');
        out.append("Managed:    ").append(Boolean.TRUE.equals(p.get("manage")) ? "yes (helyosd runs and supervises the proxy process)" : "no")
                .append('\n');
        out.append("Ports:      http ").append(p.get("http_port")).append(", https ").append(p.get("https_port")).append('\n');
        out.append("Config dir: ").append(p.get("config_dir")).append('\n');
        Map<?, ?> last = (Map<?, ?>) p.get("last_apply");
        if (last == null) {
            out.append("Last apply: not yet\n");
        } else {
            String error = String.valueOf(last.get("error"));
            out.append("Last apply: ").append(last.get("at")).append(", ").append(last.get("routes")).append(" routes in ")
                    .append(last.get("apply_ms")).append(" ms, ").append(p.get("routes_failed")).append(" failed")
                    .append(error.isEmpty() ? "" : " — " + error).append('\n');
        }
        return out.toString();
    }

    /** The body of {@code POST /api/v1/cluster/config/proxy}. */
    static Map<String, Object> body(String backend, Boolean manage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", backend);
        if (manage != null) {
            body.put("manage", manage);
        }
        return body;
    }

    @Command(name = "use", description = "Switch the proxy backend live: the new one takes every route before the old one lets go.")
    static final class Use implements Runnable {
        @ParentCommand
        ProxyCommand parent;

        @Parameters(paramLabel = "ID", description = "A proxy plugin id (see helyos plugins): nginx, traefik, ...")
        String backend;

        @Option(names = "--manage", negatable = true, description = "Run and supervise the proxy process (--no-manage: reload one you run)")
        Boolean manage;

        @Override
        public void run() {
            Cli cli = parent.cli;
            if (!cli.json()) {
                cli.out().println("switching the proxy to " + backend + "…");
            }
            Map<?, ?> result = (Map<?, ?>) cli.client().post(PATH, body(backend, manage));
            Object routes = cli.client().get("/api/v1/routes");
            if (cli.printJson(Map.of("proxy", result, "routes", routes))) {
                return;
            }
            Map<?, ?> failed = result.get("failed_routes") instanceof Map<?, ?> m ? m : Map.of();
            int served = 0;
            for (Object item : (List<?>) routes) {
                Map<?, ?> route = (Map<?, ?>) item;
                Object domain = route.get("domain");
                if (failed.containsKey(domain)) {
                    cli.out().warn(domain + ": not taken by " + backend + ": " + failed.get(domain));
                } else {
                    served++;
                    cli.out().println("  " + domain + "  served by " + backend);
                }
            }
            if (!failed.isEmpty()) {
                throw new CliException(failed.size() + " route(s) failed on " + backend + "; " + served + " served", null);
            }
            cli.out().success("proxy is " + result.get("backend") + ": " + served + " route(s) served");
        }
    }
}
