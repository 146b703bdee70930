package dev.helyos.kernel.secrets;

import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A project's secrets (README "Secrets at rest"): values sealed with the master key under
 * {@code secrets/<project>/<name>}, bound to that name, never returned by the API. Deployments get
 * them as environment variables, so names are environment variable names.
 */
public final class SecretService {
    static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");

    private final StateStore store;
    private final Sealer sealer;
    private final ProjectService projects;

    public SecretService(StateStore store, Sealer sealer, ProjectService projects) {
        this.store = store;
        this.sealer = sealer;
        this.projects = projects;
    }

    public void set(String project, String name, String value) {
        projects.get(project);
        checkName(name);
        if (value == null) {
            throw Refused.invalid("value is required");
        }
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        if (plain.length > MAX_VALUE_BYTES) {
            throw Refused.invalid("value must be at most " + MAX_VALUE_BYTES + " bytes (got " + plain.length + ")");
        }
        String key = key(project, name);
        store.put(key, sealer.seal(key, plain));
    }

    /** Names only, sorted. */
    public List<String> names(String project) {
        projects.get(project);
        String prefix = "secrets/" + project + "/";
        return store.list(prefix).keySet().stream().map(k -> k.substring(prefix.length())).toList();
    }

    public void remove(String project, String name) {
        projects.get(project);
        if (!store.delete(key(project, name))) {
            throw Refused.notFound("secret '" + Refused.shorten(name) + "' not found in project '" + project + "'");
        }
    }

    /** The plaintext values of {@code names}, for a deployment; a missing one fails with its name. */
    public Map<String, String> reveal(String project, List<String> names) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : names) {
            String key = key(project, name);
            byte[] sealed = store.get(key).orElseThrow(() -> Refused.invalid(
                    "secret '" + name + "' not found in project '" + project + "'"));
            out.put(name, new String(sealer.open(key, sealed), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String key(String project, String name) {
        return "secrets/" + project + "/" + name;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Refused.invalid("secret name must be an environment variable name: a letter or '_', then letters, digits or '_', at most 128 (got '"
                    + Refused.shorten(String.valueOf(name)) + "')");
        }
    }
}
