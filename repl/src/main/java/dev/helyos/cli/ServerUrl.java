package dev.helyos.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/** Server addresses as users type them, checked and normalised. */
public final class ServerUrl {
    private ServerUrl() {
    }

    /** A configured server ({@code --server}, env, context): must be http(s)://host[:port] with no path. */
    public static String check(String value, String source) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new CliException("invalid server URL '" + value + "' from " + source + ": " + e.getReason(), "use a URL like https://host:6443");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new CliException("server URL '" + value + "' from " + source + " has no scheme", "write it as https://" + value.strip() + " (or http:// for a loopback daemon)");
        }
        String scheme = uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CliException("server URL '" + value + "' from " + source + " must use http or https, not " + scheme, "use a URL like https://host:6443");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new CliException("server URL '" + value + "' from " + source + " must not have a path, query or fragment",
                    "use only scheme, host and port, e.g. " + scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        }
        String host = uri.getHost();
        return scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /** {@code helyos login} input: a bare host becomes https://host:6443. */
    public static String forLogin(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw new CliException("server must not be empty", "helyos login https://host:6443");
        }
        if (!v.contains("://")) {
            boolean hasPort = v.matches(".*:[0-9]+$") && !v.matches("^[0-9a-fA-F:]+$");
            v = "https://" + v + (hasPort ? "" : ":6443");
        }
        return check(v, "the command line");
    }

    public static String host(String url) {
        return URI.create(url).getHost();
    }

    public static boolean isLoopback(String url) {
        String host = host(url);
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
