package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.kernel.config.Units;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.deploy.DeploymentSpec.BindMount;
import dev.helyos.kernel.deploy.DeploymentSpec.Healthcheck;
import dev.helyos.kernel.deploy.DeploymentSpec.NamedVolume;
import dev.helyos.kernel.deploy.DeploymentSpec.Network;
import dev.helyos.kernel.deploy.DeploymentSpec.Resources;
import dev.helyos.kernel.deploy.DeploymentSpec.Restart;
import dev.helyos.kernel.deploy.DeploymentSpec.Volume;
import dev.helyos.kernel.routes.DomainName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a deployment spec from YAML or JSON text and checks every rule of README "Deployment spec". A document
 * that cannot be read as a spec (empty, malformed, duplicate key, YAML anchor, not an object,
 * unknown field) is a 400; a known field with a wrong type or a broken rule is a 422. Every message
 * names the field's path, e.g. {@code volumes[0].mount}.
 */
public final class DeploymentSpecParser {
    public static final int MAX_REPLICAS = 100;
    static final int MAX_PORTS = 100;
    static final int MAX_ENV = 1000;
    static final int MAX_VOLUMES = 100;
    static final int MAX_SECRETS = 100;
    static final int MAX_RETRIES = 100;
    static final Duration MAX_DURATION = Duration.ofHours(24);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final long MIN_MEMORY = 6L << 20;
    static final double MIN_CPU = 0.01;
    static final double MAX_CPU = 1024;

    private static final Pattern DNS_SAFE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern IMAGE = imagePattern();

    private DeploymentSpecParser() {
    }

    /** Parses YAML, or JSON when the text starts with '{'. */
    public static DeploymentSpec parse(String text) {
        return parse(text, null);
    }

    /** @param contentType the request's Content-Type (JSON or YAML types), or null to tell by the text */
    public static DeploymentSpec parse(String text, String contentType) {
        if (text != null && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text == null || text.isBlank()) {
            throw Refused.malformed("deployment spec is empty; expected YAML or JSON");
        }
        JsonNode root = SpecDocument.read(text, SpecDocument.formatOf(contentType, text));
        if (root == null) {
            throw Refused.malformed("deployment spec is empty; expected YAML or JSON");
        }
        if (!root.isObject()) {
            throw Refused.malformed("deployment spec must be an object (a mapping of fields), got "
                    + SpecField.typeOf(root));
        }
        return read(new SpecField("", root));
    }

    private static DeploymentSpec read(SpecField root) {
        root.object(Set.of("project", "deployment", "image", "replicas", "ports", "env", "volumes", "secrets",
                "network", "healthcheck", "restart", "resources", "node"));
        String project = dnsSafe(root.field("project"));
        String deployment = dnsSafe(root.field("deployment").object(Set.of("name")).field("name"));
        String image = image(root.field("image"));
        int replicas = replicas(root.field("replicas"));
        List<Integer> ports = ports(root.field("ports"));
        Map<String, String> env = env(root.field("env"));
        List<Volume> volumes = volumes(root.field("volumes"));
        List<String> secrets = secrets(root.field("secrets"));
        Network network = network(root.field("network"));
        Healthcheck healthcheck = healthcheck(root.field("healthcheck"));
        Restart restart = restart(root.field("restart"));
        Resources resources = resources(root.field("resources"));
        String node = node(root.field("node"));
        return new DeploymentSpec(project, deployment, image, replicas, ports, env, volumes, secrets, network,
                healthcheck, restart, resources, node);
    }

    /** A node name as {@code --node-name} takes it, or null when absent. */
    private static String node(SpecField f) {
        String name = f.string();
        if (name != null && !DaemonSettings.validNodeName(name)) {
            throw f.invalid("must be a node name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter"
                    + " or digit (got '" + SpecField.show(name) + "')");
        }
        return name;
    }

    private static String dnsSafe(SpecField f) {
        String name = f.requiredString();
        if (!DNS_SAFE.matcher(name).matches()) {
            throw f.invalid("must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '" + SpecField.show(name) + "')");
        }
        if (name.length() > 63) {
            throw f.invalid("must be at most 63 characters (got " + name.length() + ")");
        }
        return name;
    }

    private static String image(SpecField f) {
        String image = f.requiredString();
        if (image.length() > 512 || !IMAGE.matcher(image).matches()) {
            throw f.invalid("must be an image reference like nginx:1.27 or ghcr.io/org/app@sha256:<digest> (got '"
                    + SpecField.show(image) + "')");
        }
        return image;
    }

    private static int replicas(SpecField f) {
        if (f.isAbsent()) {
            return 1;
        }
        long n = f.integer();
        if (n < 1) {
            throw f.invalid("must be at least 1");
        }
        if (n > MAX_REPLICAS) {
            throw f.invalid("must be at most " + MAX_REPLICAS + ", got " + f.text());
        }
        return (int) n;
    }

    private static List<Integer> ports(SpecField f) {
        List<Integer> ports = new ArrayList<>();
        for (SpecField element : f.list(MAX_PORTS)) {
            if (element.isAbsent()) {
                throw element.invalid("must be an integer, got null");
            }
            long port = element.integer();
            if (port < 1 || port > 65535) {
                // the message users know, after the path
                throw Refused.invalid(element.path() + ": port must be between 1 and 65535, got " + element.text());
            }
            int previous = ports.indexOf((int) port);
            if (previous >= 0) {
                throw element.invalid("repeats port " + port + " (already ports[" + previous + "])");
            }
            ports.add((int) port);
        }
        return ports;
    }

    private static Map<String, String> env(SpecField f) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, SpecField> entry : f.entries(MAX_ENV).entrySet()) {
            String key = entry.getKey();
            if (!VARIABLE.matcher(key).matches() || key.length() > 255) {
                throw f.invalid("keys must be variable names: start with [A-Za-z_], then [A-Za-z0-9_] only, at most 255"
                        + " characters (got '" + SpecField.show(key) + "')");
            }
            env.put(key, envValue(entry.getValue()));
        }
        return env;
    }

    /** Strings as they are; integers and booleans as their text (SpecDocument has made sure they were written plainly). */
    private static String envValue(SpecField f) {
        JsonNode v = f.node();
        if (v == null) {
            throw f.invalid("must be a string, got null (use \"\" for an empty value)");
        }
        if (v.isIntegralNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isNumber()) {
            throw f.invalid("must be a string, got a fractional number (quote it to keep it as written)");
        }
        String value = f.string();
        if (value.indexOf('\0') >= 0) {
            throw f.invalid("must not contain a NUL character");
        }
        return value;
    }

    private static List<Volume> volumes(SpecField f) {
        List<Volume> volumes = new ArrayList<>();
        Map<String, String> mounts = new HashMap<>();
        for (SpecField v : f.list(MAX_VOLUMES)) {
            v.expect(!v.isAbsent(), "an object");
            v.object(Set.of("name", "path", "mount", "readonly"));
            SpecField name = v.field("name");
            SpecField path = v.field("path");
            if (name.isAbsent() == path.isAbsent()) {
                throw v.invalid(name.isAbsent()
                        ? "needs either name (a named volume) or path (a bind mount of a host directory)"
                        : "must have either name (a named volume) or path (a bind mount), not both");
            }
            String mount = absolutePath(v.field("mount"));
            if (mount.equals("/")) {
                throw v.field("mount").invalid("must not be / (the container's root)");
            }
            String earlier = mounts.putIfAbsent(mount, v.path());
            if (earlier != null) {
                throw v.field("mount").invalid("repeats '" + SpecField.show(mount) + "' (already " + earlier + ".mount)");
            }
            boolean readonly = v.field("readonly").bool(false);
            volumes.add(name.isAbsent()
                    ? new BindMount(absolutePath(path), mount, readonly)
                    : new NamedVolume(dnsSafe(name), mount, readonly));
        }
        return volumes;
    }

    /** Absolute and normalized; ':' and ',' are left out as they separate fields in Docker's -v and --mount syntax. */
    private static String absolutePath(SpecField f) {
        String path = f.requiredString();
        if (!path.startsWith("/")) {
            throw f.invalid("must be an absolute path starting with / (got '" + SpecField.show(path) + "')");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && path.length() > 1)) {
                throw f.invalid("must be a normalized path without '.', '..' or empty segments (got '" + SpecField.show(path) + "')");
            }
        }
        if (path.chars().anyMatch(c -> c == ':' || c == ',' || Character.isISOControl(c))) {
            throw f.invalid("must not contain ':', ',' or control characters (got '" + SpecField.show(path) + "')");
        }
        if (path.length() > 4096) {
            throw f.invalid("must be at most 4096 characters");
        }
        return path;
    }

    private static List<String> secrets(SpecField f) {
        List<String> secrets = new ArrayList<>();
        for (SpecField element : f.list(MAX_SECRETS)) {
            String name = element.requiredString();
            if (!VARIABLE.matcher(name).matches() || name.length() > 63) {
                throw element.invalid("must be a secret name: start with [A-Za-z_], then [A-Za-z0-9_] only, at most 63"
                        + " characters (got '" + SpecField.show(name) + "')");
            }
            int previous = secrets.indexOf(name);
            if (previous >= 0) {
                throw element.invalid("repeats secret '" + name + "' (already secrets[" + previous + "])");
            }
            secrets.add(name);
        }
        return secrets;
    }

    private static Network network(SpecField f) {
        f.object(Set.of("public", "domain", "https"));
        boolean isPublic = f.field("public").bool(false);
        boolean https = f.field("https").bool(false);
        SpecField domainField = f.field("domain");
        String domain = null;
        if (!domainField.isAbsent()) {
            String input = domainField.requiredString();
            try {
                domain = DomainName.parse(input).ascii();
            } catch (IllegalArgumentException e) {
                throw domainField.invalid("must be a domain name like app.example.com: " + e.getMessage()
                        + " (got '" + SpecField.show(input) + "')");
            }
        }
        if ((isPublic || https) && domain == null) {
            throw domainField.invalid("is required when network." + (isPublic ? "public" : "https") + " is true");
        }
        if (https && !isPublic) {
            throw f.field("public").invalid("must be true when network.https is true (HTTPS is for public routes)");
        }
        return new Network(isPublic, domain, https);
    }

    private static Healthcheck healthcheck(SpecField f) {
        if (f.isAbsent()) {
            return null;
        }
        f.object(Set.of("path", "interval", "timeout", "retries"));
        SpecField pathField = f.field("path");
        String path = pathField.requiredString();
        if (!path.startsWith("/")) {
            throw pathField.invalid("must start with / (got '" + SpecField.show(path) + "')");
        }
        if (path.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)) || path.length() > 2048) {
            throw pathField.invalid("must be a URL path without whitespace or control characters, at most 2048 characters");
        }
        Duration interval = duration(f.field("interval"), DEFAULT_INTERVAL);
        SpecField timeoutField = f.field("timeout");
        // An unset timeout never exceeds a short interval: the default shrinks to fit.
        Duration timeout = duration(timeoutField, DEFAULT_TIMEOUT.compareTo(interval) > 0 ? interval : DEFAULT_TIMEOUT);
        if (timeout.compareTo(interval) > 0) {
            throw timeoutField.invalid("(" + Units.formatDuration(timeout) + ") must not be longer than healthcheck.interval ("
                    + Units.formatDuration(interval) + ")");
        }
        SpecField retriesField = f.field("retries");
        long retries = 3;
        if (!retriesField.isAbsent()) {
            retries = retriesField.integer();
            if (retries < 1) {
                throw retriesField.invalid("must be at least 1");
            }
            if (retries > MAX_RETRIES) {
                throw retriesField.invalid("must be at most " + MAX_RETRIES + ", got " + retriesField.text());
            }
        }
        return new Healthcheck(path, interval, timeout, (int) retries);
    }

    /** A duration string, or a bare integer of seconds. */
    private static Duration duration(SpecField f, Duration absent) {
        if (f.isAbsent()) {
            return absent;
        }
        String text = f.node().isIntegralNumber() ? f.node().asText() : null;
        if (text == null) {
            f.expect(f.node().isTextual(), "a duration like 500ms, 10s, 5m or 2h");
            text = f.node().textValue();
        }
        Duration d;
        try {
            d = Units.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw f.invalid("must be a duration like 500ms, 10s, 5m or 2h; a bare number is seconds (got '"
                    + SpecField.show(text) + "')");
        }
        if (d.isZero()) {
            throw f.invalid("must be longer than 0");
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw f.invalid("must be at most 24h (got '" + SpecField.show(text) + "')");
        }
        return d;
    }

    private static Restart restart(SpecField f) {
        if (f.isAbsent()) {
            return Restart.ALWAYS;
        }
        String id = f.string();
        Restart restart = Restart.parse(id);
        if (restart == null) {
            throw f.invalid("must be one of always, onfailure, never (got '" + SpecField.show(id) + "')");
        }
        return restart;
    }

    private static Resources resources(SpecField f) {
        f.object(Set.of("memory", "cpu"));
        SpecField memoryField = f.field("memory");
        Long memory = null;
        if (!memoryField.isAbsent()) {
            memoryField.expect(memoryField.node().isValueNode(), "a size like 512m");
            String text = memoryField.node().asText();
            try {
                memory = Units.parseMemory(text);
            } catch (IllegalArgumentException e) {
                throw memoryField.invalid("must be a whole number with a unit k, m or g, like 512m (got '"
                        + SpecField.show(text) + "')");
            }
            if (memory < MIN_MEMORY) {
                throw memoryField.invalid("must be at least 6m, the smallest limit Docker accepts (got '" + SpecField.show(text) + "')");
            }
            if (memory == Long.MAX_VALUE) {
                throw memoryField.invalid("is too large (got '" + SpecField.show(text) + "')");
            }
        }
        SpecField cpuField = f.field("cpu");
        Double cpu = null;
        if (!cpuField.isAbsent()) {
            cpu = cpuField.number();
            if (!(cpu > 0)) {
                throw cpuField.invalid("must be more than 0, got " + cpuField.text());
            }
            if (cpu < MIN_CPU || cpu > MAX_CPU) {
                throw cpuField.invalid("must be between 0.01 and 1024, got " + cpuField.text());
            }
        }
        return new Resources(memory, cpu);
    }

    /** Docker's reference grammar: [host[:port]/]path[:tag][@digest], path components in lowercase. */
    private static Pattern imagePattern() {
        String host = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
        String component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        String tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
        String digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        return Pattern.compile("(?:" + host + "/)?" + component + "(?:/" + component + ")*(?::" + tag + ")?(?:@" + digest + ")?");
    }
}
