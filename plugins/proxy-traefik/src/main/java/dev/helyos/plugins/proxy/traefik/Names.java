package dev.helyos.plugins.proxy.traefik;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What may reach the generated file, and the Traefik names made from it. Everything that ends up in
 * a rule or a URL is checked here first: a domain is only {@code [a-z0-9.-]} in RFC 1123 labels, so it
 * can never close the backquotes of {@code Host(`…`)}, start a template action or break the YAML.
 */
final class Names {

    static final int MAX_DOMAIN = 253;
    static final int MAX_LABEL = 63;

    private Names() {
    }

    /**
     * Why {@code domain} cannot be served, or {@code null} when it can: lowercase letters, digits and
     * hyphens in dot-separated labels of 1–63 characters that neither start nor end with a hyphen, 253
     * characters at most. (The kernel validates domains already; this is the backend's own guard.)
     */
    static String domainProblem(String domain) {
        if (domain == null || domain.isEmpty()) {
            return "empty domain";
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return "not a host name: character " + describe(c) + " at index " + i
                        + "; only a-z, 0-9, '-' and '.' are allowed";
            }
        }
        if (domain.length() > MAX_DOMAIN) {
            return "not a host name: longer than " + MAX_DOMAIN + " characters";
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "not a host name: empty label (a leading, trailing or doubled '.')";
            }
            if (label.length() > MAX_LABEL) {
                return "not a host name: a label is longer than " + MAX_LABEL + " characters";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "not a host name: label '" + label + "' starts or ends with '-'";
            }
        }
        return null;
    }

    /**
     * The domain made safe for Traefik object names, one to one: {@code -} becomes {@code --}, then
     * {@code .} becomes {@code -} ({@code my-app.example.com} → {@code my--app-example-com}). Since a
     * valid label neither starts nor ends with a hyphen, a single hyphen can only be a dot, so two
     * domains never share a name. The result never contains {@code _}, which keeps the suffixes and
     * the shared objects ({@code helyos_…}) apart from every route's names.
     */
    static String safeName(String domain) {
        return domain.replace("-", "--").replace('.', '-');
    }

    /**
     * The {@code http://host:port} URL of an upstream or of the challenge listener, or {@code null}
     * when the host is neither an IP literal nor a host name.
     */
    static String httpUrl(String host, int port) {
        if (port < 1 || port > 65535 || host == null || host.isEmpty()) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') >= 0) {
            if (!h.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
            try {
                if (InetAddress.ofLiteral(h) instanceof Inet6Address v6) {
                    return "http://[" + v6.getHostAddress() + "]:" + port;
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            return null;
        }
        String lower = h.toLowerCase(Locale.ROOT);
        if (domainProblem(lower) != null) {
            return null;
        }
        return "http://" + lower + ":" + port;
    }

    /**
     * Why Traefik could not use {@code file} as a certificate or key path, or {@code null}. Traefik
     * reads the path itself; a path that does not name a file would be taken for PEM content.
     */
    static String pemFileProblem(String what, Path file) {
        String s = file.toString();
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return what + " path contains the control character " + describe(s.charAt(i));
            }
        }
        if (s.contains("{{")) {
            // Traefik runs the file through Go's text/template before parsing it.
            return what + " path contains '{{'";
        }
        if (!file.isAbsolute()) {
            return what + " path is not absolute: " + s;
        }
        if (!Files.isRegularFile(file)) {
            return what + " file does not exist: " + s;
        }
        return null;
    }

    private static String describe(char c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }
}
