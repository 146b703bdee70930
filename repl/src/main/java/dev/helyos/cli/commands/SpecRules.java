package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The deployment spec rules the CLI checks before it writes or sends anything, in the server's own
 * words ({@code DeploymentSpecParser}, README "Deployment spec"), so a message reads the same wherever it comes from.
 */
final class SpecRules {
    static final int MAX_REPLICAS = 100;
    static final int MAX_PORTS = 100;
    private static final Pattern DNS_SAFE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern IMAGE = imagePattern();

    private SpecRules() {
    }

    /** {@code field} (e.g. {@code deployment.name}) is a DNS-safe name of at most 63 characters. */
    static String dnsSafe(String field, String value) {
        if (!DNS_SAFE.matcher(value).matches()) {
            throw invalid(field + " must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '" + show(value) + "')");
        }
        if (value.length() > 63) {
            throw invalid(field + " must be at most 63 characters (got " + value.length() + ")");
        }
        return value;
    }

    static String image(String value) {
        if (value.length() > 512 || !IMAGE.matcher(value).matches()) {
            throw invalid("image must be an image reference like nginx:1.27 or ghcr.io/org/app@sha256:<digest> (got '" + show(value) + "')");
        }
        return value;
    }

    /** The replica count of a spec: 1 to 100. */
    static int replicas(int value) {
        if (value < 1) {
            throw invalid("replicas must be at least 1");
        }
        if (value > MAX_REPLICAS) {
            throw invalid("replicas must be at most " + MAX_REPLICAS + ", got " + value);
        }
        return value;
    }

    /** The N of {@code helyos scale NAME N}: 0 to 100 (0 keeps the deployment with no pods). */
    static int scale(String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid("replicas must be a whole number between 0 and " + MAX_REPLICAS + " (got '" + show(value) + "')");
        }
        if (n < 0 || n > MAX_REPLICAS) {
            throw invalid("replicas must be between 0 and " + MAX_REPLICAS + ", got " + n);
        }
        return n;
    }

    static List<Integer> ports(List<Integer> ports) {
        if (ports.size() > MAX_PORTS) {
            throw invalid("ports must have at most " + MAX_PORTS + " entries, got " + ports.size());
        }
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            if (port < 1 || port > 65535) {
                throw invalid("ports[" + i + "]: port must be between 1 and 65535, got " + port);
            }
            int previous = ports.indexOf(port);
            if (previous < i) {
                throw invalid("ports[" + i + "] repeats port " + port + " (already ports[" + previous + "])");
            }
        }
        return ports;
    }

    /** User input echoed in a message: control characters escaped, as the server does. */
    static String show(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static CliException invalid(String message) {
        return new CliException(message, null);
    }

    /** The server's image reference shape: {@code [host[:port]/]path[:tag][@digest]}. */
    private static Pattern imagePattern() {
        String host = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
        String component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        String tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
        String digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        return Pattern.compile("(?:" + host + "/)?" + component + "(?:/" + component + ")*(?::" + tag + ")?(?:@" + digest + ")?");
    }
}
