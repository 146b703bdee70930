package dev.helyos.cli.script;

import dev.helyos.cli.Cli;
import dev.helyos.cli.client.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** The functions bindings register, by dotted global path ({@code helyos.tokens.list}), and the API client they share. */
public final class ScriptApi {
    private final Cli cli;
    private final Map<String, ScriptFunction> functions = new LinkedHashMap<>();
    private ApiClient client;

    ScriptApi(Cli cli) {
        this.cli = cli;
    }

    /** Adds a function reachable in scripts as {@code path}, e.g. {@code helyos.tokens.list}. */
    public void function(String path, ScriptFunction function) {
        if (functions.putIfAbsent(path, function) != null) {
            throw new IllegalStateException("two script bindings define " + path);
        }
    }

    /** The resolved connection, made on first use so that scripts which never call the API need none. */
    public ApiClient client() {
        if (client == null) {
            client = cli.client();
        }
        return client;
    }

    /** {@code project} when given, else the context's project (as {@code -p} does). */
    public String project(String project) {
        return cli.project(project);
    }

    Map<String, ScriptFunction> functions() {
        return functions;
    }
}
