package dev.helyos.kernel.config;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.tls.SubjectAltNames;
import dev.helyos.plugin.api.RuntimeContext;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's flags after validation, with defaults resolved and the bind guardrail applied:
 * every mistake found here stops the daemon before anything is created or bound.
 */
public record DaemonSettings(String host, int port, Path dataDir, boolean tls, Path tlsCert, Path tlsKey,
                             List<String> tlsSans, String advertiseAddr, String apiToken, Path pluginsDir,
                             String store, Map<String, String> storeOptions, Path cliConfigFile,
                             String runtime, String dockerHost, Proxy proxy, String acmeEmail, Path certFilesDir,
                             Acme acme, Http http, Node node) {

    /**
     * This node among the helyosd nodes on one store: its name (checked, or null for the host name),
     * how often it writes its heartbeat, and the IP address of this machine its pods' ports are
     * published on (where every node's proxy sends to them).
     */
    public record Node(String name, java.time.Duration heartbeat, String podAddress) {
    }

    /**
     * The API listener's limits against clients that hold connections: how many may be open at once
     * (below the open-file limit, so accepting never fails for want of descriptors), how long a
     * request's headers and body may take, how long a connection may idle; and the token that may
     * read /metrics (null: none), which is public only on a loopback bind.
     */
    public record Http(int maxConnections, java.time.Duration headerTimeout, java.time.Duration bodyTimeout,
                       java.time.Duration idleTimeout, String metricsToken, boolean metricsPublic) {
    }

    /**
     * The certificate flags: the ACME ones (used only with --acme-email), the key type and renewal
     * interval of every route certificate, and the default issuer with the issuer plugins' options.
     */
    public record Acme(String ca, String directory, Path caRoot, String eabKid, String eabHmacKey, boolean rsa,
                       java.time.Duration renewInterval, String certIssuer, Map<String, String> issuerOptions) {
    }


    /**
     * The proxy flags: which backend (null when not given), where its files go, its ports, and the
     * challenge listener's port.
     */
    public record Proxy(String backend, Path configDir, boolean manage, int httpPort, int httpsPort,
                        Map<String, String> options, int challengePort) {
    }

    public static final String PLAIN_HTTP_REFUSED = "refusing to serve a non-loopback address (%s) over plain HTTP; "
            + "use --tls on, or pass BOTH --tls off and --insecure-http";
    public static final String NO_TOKEN_REFUSED = "refusing to expose a non-loopback address with no API token "
            + "configured; set --api-token / HELYOS_API_TOKEN first";

    public static DaemonSettings from(DaemonOptions o, Map<String, String> env) {
        String host = o.host == null ? "" : o.host.strip();
        if (host.isEmpty()) {
            throw new StartupException("invalid --host value '' (expected an IP address or host name)");
        }
        int port = parsePort(o.port);
        String tlsMode = o.tls.toLowerCase(Locale.ROOT);
        if (!List.of("auto", "on", "off").contains(tlsMode)) {
            throw new StartupException("invalid --tls value '" + o.tls + "' (expected auto|on|off)");
        }
        if ((o.tlsCert == null) != (o.tlsKey == null)) {
            throw new StartupException("--tls-cert and --tls-key must be given together");
        }
        boolean byo = o.tlsCert != null;
        if (byo && tlsMode.equals("off")) {
            throw new StartupException("--tls-cert/--tls-key cannot be used with --tls off");
        }
        for (String san : o.tlsSans) {
            String problem = SubjectAltNames.problemWith(san);
            if (problem != null) {
                throw new StartupException("invalid --tls-san value '" + san + "': " + problem);
            }
        }
        if (o.advertiseAddr != null && SubjectAltNames.problemWith(o.advertiseAddr) != null) {
            throw new StartupException("invalid --advertise-addr value '" + o.advertiseAddr + "': "
                    + SubjectAltNames.problemWith(o.advertiseAddr));
        }
        boolean loopback = isLoopback(host);
        boolean tls = tlsMode.equals("on") || byo || (tlsMode.equals("auto") && !loopback);
        if (!loopback && !tls && !o.insecureHttp) {
            throw new StartupException(PLAIN_HTTP_REFUSED.formatted(host));
        }
        String token = o.apiToken != null ? o.apiToken : blankToNull(env.get("HELYOS_API_TOKEN"));
        Path dataDir = o.dataDir != null ? o.dataDir : defaultDataDir(env);
        Path pluginsDir = o.pluginsDir != null ? o.pluginsDir : Installation.pluginsDir();
        String configFile = blankToNull(env.get("HELYOS_CONFIG"));
        Path cliConfig = configFile != null ? Path.of(configFile)
                : env.get("HOME") != null ? Path.of(env.get("HOME"), ".helyos", "config.toml") : null;
        return new DaemonSettings(host, port, dataDir.toAbsolutePath().normalize(), tls, o.tlsCert, o.tlsKey,
                List.copyOf(o.tlsSans), o.advertiseAddr, token, pluginsDir.toAbsolutePath().normalize(),
                o.store, Map.copyOf(o.storeOptions), cliConfig,
                o.runtime == null ? "auto" : o.runtime.strip(), blankToNull(env.get("DOCKER_HOST")),
                proxy(o, dataDir.toAbsolutePath().normalize()), acmeEmail(o.acmeEmail),
                o.certFilesDir == null ? null : o.certFilesDir.toAbsolutePath().normalize(), acme(o),
                http(o, env, loopback, OpenFileLimit.soft()), node(o));
    }

    /** Whether {@code name} may name a node: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static boolean validNodeName(String name) {
        return name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    }

    static Node node(DaemonOptions o) {
        String name = blankToNull(o.nodeName);
        if (name != null && !validNodeName(name)) {
            throw new StartupException("invalid --node-name '" + show(name)
                    + "': use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return new Node(name, timeout("--heartbeat-interval", o.heartbeatInterval), podAddress(o));
    }

    /**
     * {@code --pod-addr}; without it, loopback on the embedded store (one node, pods reached only by
     * its own proxy), else {@code --advertise-addr}, where the other nodes' proxies reach this node.
     */
    static String podAddress(DaemonOptions o) {
        String flag = blankToNull(o.podAddr);
        boolean shared = !DaemonOptions.EMBEDDED_STORE.equals(o.store);
        String chosen = flag != null ? flag
                : shared && blankToNull(o.advertiseAddr) != null ? o.advertiseAddr.strip() : RuntimeContext.LOOPBACK;
        String named = flag != null ? "--pod-addr '" + show(flag) + "'"
                : "--advertise-addr '" + show(chosen) + "' (where pods are published on a shared store; set --pod-addr)";
        InetAddress address;
        try {
            address = InetAddress.getByName(chosen);
        } catch (java.net.UnknownHostException e) {
            throw new StartupException("invalid " + named + ": the name does not resolve to an address");
        }
        if (address.isAnyLocalAddress()) {
            throw new StartupException("invalid " + named + ": pods are published on one address of this machine, not on all of them");
        }
        try {
            if (!address.isLoopbackAddress() && java.net.NetworkInterface.getByInetAddress(address) == null) {
                throw new StartupException("invalid " + named + ": " + address.getHostAddress() + " is not an address of this machine");
            }
        } catch (java.net.SocketException e) {
            throw new StartupException("cannot list this machine's addresses to check " + named + ": " + e.getMessage());
        }
        return address.getHostAddress();
    }

    private static String show(String value) {
        return value.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static Http http(DaemonOptions o, Map<String, String> env, boolean loopback, long openFileLimit) {
        int maxConnections = o.maxConnections == null ? OpenFileLimit.defaultMaxConnections(openFileLimit)
                : parseCount("--max-connections", o.maxConnections);
        String metricsToken = o.metricsToken != null ? o.metricsToken : blankToNull(env.get("HELYOS_METRICS_TOKEN"));
        if (metricsToken != null && metricsToken.strip().length() < 16) {
            throw new StartupException("invalid --metrics-token: use at least 16 characters (e.g. openssl rand -hex 32)");
        }
        return new Http(maxConnections, timeout("--header-timeout", o.headerTimeout), timeout("--body-timeout", o.bodyTimeout),
                timeout("--idle-timeout", o.idleTimeout), metricsToken == null ? null : metricsToken.strip(), loopback);
    }

    private static int parseCount(String flag, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StartupException("invalid " + flag + " value '" + value + "' (expected a whole number from 1 to 1000000)");
    }

    private static java.time.Duration timeout(String flag, String value) {
        java.time.Duration d;
        try {
            d = dev.helyos.kernel.config.Units.parseDuration(value == null ? "" : value.strip());
        } catch (RuntimeException e) {
            throw new StartupException("invalid " + flag + " value '" + value + "' (expected e.g. 60s, 500ms, 2m)");
        }
        if (d.compareTo(java.time.Duration.ofMillis(100)) < 0 || d.compareTo(java.time.Duration.ofHours(24)) > 0) {
            throw new StartupException("invalid " + flag + " value '" + value + "' (expected from 100ms to 24h)");
        }
        return d;
    }

    private static Proxy proxy(DaemonOptions o, Path dataDir) {
        String backend = o.proxyBackend == null ? null : o.proxyBackend.strip();
        if (backend != null && backend.isEmpty()) {
            throw new StartupException("invalid --proxy-backend value '' (expected a proxy plugin id such as traefik or nginx)");
        }
        Path configDir = o.proxyConfigDir != null ? o.proxyConfigDir.toAbsolutePath().normalize() : dataDir.resolve("proxy");
        int http = parseProxyPort("--proxy-http-port", o.proxyHttpPort, false);
        int https = parseProxyPort("--proxy-https-port", o.proxyHttpsPort, false);
        if (http == https) {
            throw new StartupException("--proxy-http-port and --proxy-https-port must differ (both " + http + ")");
        }
        return new Proxy(backend, configDir, o.proxyManage, http, https, Map.copyOf(o.proxyOptions),
                parseProxyPort("--challenge-port", o.challengePort, true));
    }

    private static int parseProxyPort(String flag, String value, boolean zeroAllowed) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= (zeroAllowed ? 0 : 1) && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StartupException("invalid " + flag + " value '" + value + "' (expected 1-65535"
                + (zeroAllowed ? ", or 0 for any free port)" : ")"));
    }

    private static Acme acme(DaemonOptions o) {
        String keyType = o.acmeKeyType == null ? "ec" : o.acmeKeyType.strip().toLowerCase(Locale.ROOT);
        if (!keyType.equals("ec") && !keyType.equals("rsa")) {
            throw new StartupException("invalid --acme-key-type value '" + o.acmeKeyType + "' (expected ec or rsa)");
        }
        java.time.Duration interval;
        try {
            interval = dev.helyos.kernel.config.Units.parseDuration(o.renewInterval == null ? "24h" : o.renewInterval.strip());
        } catch (RuntimeException e) {
            throw new StartupException("invalid --renew-interval value '" + o.renewInterval + "' (expected e.g. 24h, 30m, 10s)");
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new StartupException("invalid --renew-interval value '" + o.renewInterval + "' (must be more than 0)");
        }
        if (o.acmeCaRoot != null && !java.nio.file.Files.isReadable(o.acmeCaRoot)) {
            throw new StartupException("--acme-ca-root " + o.acmeCaRoot + " is not a readable file");
        }
        String issuer = o.certIssuer == null ? "acme" : o.certIssuer.strip();
        if (issuer.isEmpty()) {
            throw new StartupException("invalid --cert-issuer value '' (expected acme or an issuer plugin id such as internal)");
        }
        return new Acme(o.acmeCa, o.acmeDirectory, o.acmeCaRoot, o.acmeEabKid, o.acmeEabHmacKey, keyType.equals("rsa"), interval,
                issuer, Map.copyOf(o.issuerOptions));
    }

    private static String acmeEmail(String value) {
        if (value == null) {
            return null;
        }
        String email = value.strip();
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(c -> c <= ' ')) {
            throw new StartupException("invalid --acme-email value '" + value + "' (expected an address like ops@example.com)");
        }
        return email;
    }

    public boolean loopback() {
        return isLoopback(host);
    }

    /** Loopback as the reference defines it: {@code localhost} or a loopback IP literal. */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        InetAddress ip = SubjectAltNames.ipLiteral(host);
        return ip != null && ip.isLoopbackAddress();
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StartupException("invalid --port value '" + value + "' (expected 1-65535, or 0 for any free port)");
    }

    public static Path defaultDataDir(Map<String, String> env) {
        String home = blankToNull(env.get("HOME"));
        return home != null ? Path.of(home, ".helyos", "data") : Path.of("/var/lib/helyos");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
