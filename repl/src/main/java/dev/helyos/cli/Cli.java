package dev.helyos.cli;

import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Json;
import dev.helyos.cli.client.Trust;
import dev.helyos.cli.config.CliConfig;
import dev.helyos.cli.config.Context;
import dev.helyos.cli.output.Out;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code helyos} command: global options and what every subcommand shares — the config
 * file, the resolved connection (flag > environment > context > default) and the output.
 */
@Command(name = "helyos", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = CliVersion.class,
        description = "Command-line client for helyosd.")
public final class Cli implements Runnable {
    public static final String DEFAULT_SERVER = "http://localhost:6443";

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "helyosd API URL (env HELYOS_SERVER; default: the context's, else " + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "API token (env HELYOS_API_TOKEN; default: the context's)")
    String token;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME", description = "Context to use instead of the current one")
    String context;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print raw JSON only")
    boolean json;

    private final Map<String, String> env;
    private final Out out;
    private final InputStream stdin;
    private final boolean interactive;
    private CliConfig config;

    public Cli(Map<String, String> env, Out out, InputStream stdin, boolean interactive) {
        this.env = env;
        this.out = out;
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a command is required");
    }

    public Map<String, String> env() {
        return env;
    }

    public Out out() {
        return out;
    }

    public InputStream stdin() {
        return stdin;
    }

    public boolean interactive() {
        return interactive;
    }

    public boolean json() {
        return json;
    }

    public String serverFlag() {
        return server;
    }

    public String tokenFlag() {
        return token;
    }

    public CliConfig config() {
        if (config == null) {
            config = CliConfig.load(CliConfig.defaultPath(env), out.stderr());
        }
        return config;
    }

    /** Makes the next {@link #config()} read the file again (the shell does before every line). */
    public void reloadConfig() {
        config = null;
    }

    /** The context in effect: {@code --context}, else the current one; null when there is none. */
    public String contextName() {
        if (context != null) {
            if (config().context(context) == null) {
                throw new CliException("no context named '" + context + "'", contextsHint());
            }
            return context;
        }
        String current = config().currentContext();
        return current != null && config().context(current) != null ? current : null;
    }

    public String contextsHint() {
        return config().contexts().isEmpty()
                ? "there are no contexts yet: run helyos login <server>"
                : "known contexts: " + String.join(", ", config().contexts().keySet());
    }

    /** A client for the resolved server, token and trust. */
    public ApiClient client() {
        ApiClient client = quietClient();
        warnIfPlainRemote(client.server());
        return client;
    }

    /** {@link #client()} without the plain-http warning: for lookups the user did not ask for, like shell completion. */
    public ApiClient quietClient() {
        String name = contextName();
        Context ctx = name == null ? null : config().context(name);
        String url;
        if (server != null) {
            url = ServerUrl.check(server, "--server");
        } else if (env.get("HELYOS_SERVER") != null && !env.get("HELYOS_SERVER").isBlank()) {
            url = ServerUrl.check(env.get("HELYOS_SERVER"), "HELYOS_SERVER");
        } else if (ctx != null && ctx.server() != null) {
            url = ServerUrl.check(ctx.server(), "context '" + name + "'");
        } else {
            url = DEFAULT_SERVER;
        }
        String bearer = token != null ? token
                : env.get("HELYOS_API_TOKEN") != null && !env.get("HELYOS_API_TOKEN").isBlank() ? env.get("HELYOS_API_TOKEN")
                : ctx != null ? ctx.token() : null;
        Trust trust = new Trust.SystemRoots();
        if (ctx != null && ctx.server() != null && url.equals(ServerUrl.check(ctx.server(), "context '" + name + "'"))) {
            trust = trustOf(ctx);
        }
        return new ApiClient(url, bearer, trust);
    }

    /** The project a command works on: {@code -p/--project}, else the context's, else {@code default}. */
    public String project(String flag) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String name = contextName();
        Context ctx = name == null ? null : config().context(name);
        return ctx != null && ctx.project() != null ? ctx.project() : "default";
    }

    /** {@code segment} made safe for a URL path. */
    public static String path(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static Trust trustOf(Context ctx) {
        if (ctx.insecure()) {
            return new Trust.Insecure();
        }
        if (ctx.ca() != null) {
            return new Trust.PinnedCa(new String(Base64.getDecoder().decode(ctx.ca()), StandardCharsets.US_ASCII));
        }
        return new Trust.SystemRoots();
    }

    public void warnIfPlainRemote(String url) {
        if (url.startsWith("http://") && !ServerUrl.isLoopback(url)) {
            out.warn("plain http:// to a non-loopback server (" + ServerUrl.host(url) + "): the API token may be exposed on the network");
        }
    }

    /** Prints {@code value} as JSON (with {@code --json}) and returns whether it did. */
    public boolean printJson(Object value) {
        if (json) {
            out.println(Json.write(value, true));
        }
        return json;
    }
}
