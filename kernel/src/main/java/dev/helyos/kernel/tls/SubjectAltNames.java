package dev.helyos.kernel.tls;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names the API certificate must cover (README "API TLS (layer 1)"): {@code localhost}, {@code helyos},
 * {@code 127.0.0.1}, the bind host (unless a wildcard address), {@code --advertise-addr}, each
 * {@code --tls-san}, and the system hostname. A value that parses as an IP literal is an IP SAN,
 * anything else a DNS SAN.
 */
public record SubjectAltNames(Set<String> dnsNames, Set<String> ipAddresses) {
    private static final Pattern DNS_NAME = Pattern.compile(
            "^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");

    public static SubjectAltNames forServer(String bindHost, String advertiseAddr, List<String> extra, String hostname) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        dns.add("localhost");
        dns.add("helyos");
        ips.add("127.0.0.1");
        if (!isWildcard(bindHost)) {
            add(bindHost, dns, ips);
        }
        if (advertiseAddr != null && !isWildcard(advertiseAddr)) {
            add(advertiseAddr, dns, ips);
        }
        extra.forEach(value -> add(value, dns, ips));
        if (hostname != null && isValidDnsName(hostname.toLowerCase(Locale.ROOT))) {
            dns.add(hostname.toLowerCase(Locale.ROOT));
        }
        return new SubjectAltNames(Set.copyOf(dns), Set.copyOf(ips));
    }

    /** The error for a {@code --tls-san} value that is neither an IP literal nor a DNS name, or null. */
    public static String problemWith(String value) {
        if (value == null || value.isBlank()) {
            return "must not be empty";
        }
        if (ipLiteral(value) != null) {
            return null;
        }
        if (value.length() > 253 || !isValidDnsName(value.toLowerCase(Locale.ROOT))) {
            return "is neither an IP address nor a DNS name (letters, digits, '-' and '.', optional leading '*.')";
        }
        return null;
    }

    public boolean covers(SubjectAltNames wanted) {
        return dnsNames.containsAll(wanted.dnsNames) && ipAddresses.containsAll(wanted.ipAddresses);
    }

    private static void add(String value, Set<String> dns, Set<String> ips) {
        InetAddress ip = ipLiteral(value);
        if (ip != null) {
            ips.add(ip.getHostAddress());
        } else {
            dns.add(value.toLowerCase(Locale.ROOT));
        }
    }

    static boolean isWildcard(String host) {
        InetAddress ip = ipLiteral(host);
        return ip != null && ip.isAnyLocalAddress();
    }

    /** The address when {@code value} is an IPv4 or IPv6 literal (optionally in brackets); never resolves names. */
    public static InetAddress ipLiteral(String value) {
        String literal = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isValidDnsName(String name) {
        return name.length() <= 253 && DNS_NAME.matcher(name).matches();
    }
}
