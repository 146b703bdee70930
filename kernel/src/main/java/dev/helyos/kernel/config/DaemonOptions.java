package dev.helyos.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The flags of {@code helyosd} (README "Running helyosd"); values are checked by {@link DaemonSettings}. */
@Command(name = "helyosd", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "The Helyos daemon: REST API on :6443, plugins for store, proxy, CA and runtime.")
public final class DaemonOptions {
    /** The embedded store, which one process holds: a node alone. */
    public static final String EMBEDDED_STORE = "mapdb";

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Bind address of the REST API (default: ${DEFAULT-VALUE}).")
    public String host;

    @Option(names = "--port", defaultValue = "6443", paramLabel = "PORT",
            description = "REST API port, 0 for any free port (default: ${DEFAULT-VALUE}).")
    public String port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "All persistent state (default: ~/.helyos/data, or /var/lib/helyos without a home).")
    public Path dataDir;

    @Option(names = "--tls", defaultValue = "auto", paramLabel = "auto|on|off",
            description = "API TLS: auto = HTTPS unless bound to loopback (default: ${DEFAULT-VALUE}).")
    public String tls;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Your own API certificate (with chain); needs --tls-key.")
    public Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert.")
    public Path tlsKey;

    @Option(names = "--tls-san", paramLabel = "NAME|IP", description = "Extra name for the self-signed API certificate (repeatable).")
    public List<String> tlsSans = new ArrayList<>();

    @Option(names = "--advertise-addr", paramLabel = "ADDR",
            description = "Address clients dial; added to the certificate and the login hint (default: --host).")
    public String advertiseAddr;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name among the helyosd nodes on one store (default: the host name).")
    public String nodeName;

    @Option(names = "--pod-addr", paramLabel = "IP",
            description = "Address of this machine that pods' ports are published on (default: 127.0.0.1 with the mapdb store, else --advertise-addr).")
    public String podAddr;

    @Option(names = "--heartbeat-interval", defaultValue = "10s", paramLabel = "DURATION",
            description = "How often this node says it is alive; a node silent for three intervals is down (default: ${DEFAULT-VALUE}).")
    public String heartbeatInterval;

    @Option(names = "--insecure-http",
            description = "Allow plain HTTP on a non-loopback address (needs --tls off and an API token).")
    public boolean insecureHttp;

    @Option(names = "--api-token", paramLabel = "TOKEN",
            description = "Bootstrap admin token (or env HELYOS_API_TOKEN); generated and printed once when absent.")
    public String apiToken;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most API connections open at once; more wait in the listen queue (default: 1024, less under a low open-file limit).")
    public String maxConnections;

    @Option(names = "--header-timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "Time a client has to send a request's headers after its request line (default: ${DEFAULT-VALUE}).")
    public String headerTimeout;

    @Option(names = "--body-timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "Time a client has to send a request's whole body after its headers (default: ${DEFAULT-VALUE}).")
    public String bodyTimeout;

    @Option(names = "--idle-timeout", defaultValue = "75s", paramLabel = "DURATION",
            description = "Time an API connection may wait for its next request, or for its first (default: ${DEFAULT-VALUE}).")
    public String idleTimeout;

    @Option(names = "--metrics-token", paramLabel = "TOKEN",
            description = "Bearer token that may read /metrics only (or env HELYOS_METRICS_TOKEN); /metrics needs a token when the API is not on loopback.")
    public String metricsToken;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Where plugin jars are loaded from (default: the installation's plugins/ directory).")
    public Path pluginsDir;

    @Option(names = "--store", defaultValue = EMBEDDED_STORE, paramLabel = "ID",
            description = "State store plugin id (default: ${DEFAULT-VALUE}).")
    public String store;

    @Option(names = "--store-opt", paramLabel = "KEY=VALUE", description = "Option passed to the store plugin (repeatable).")
    public Map<String, String> storeOptions = new LinkedHashMap<>();

    @Option(names = "--runtime", defaultValue = "auto", paramLabel = "auto|ID",
            description = "Container runtime plugin id; auto = docker when installed (default: ${DEFAULT-VALUE}).")
    public String runtime;

    @Option(names = "--proxy-backend", paramLabel = "ID",
            description = "Reverse proxy plugin id: traefik, nginx, ... (default: the one last switched to, else traefik).")
    public String proxyBackend;

    @Option(names = "--proxy-config-dir", paramLabel = "DIR",
            description = "Where the generated proxy configuration goes (default: <data-dir>/proxy).")
    public Path proxyConfigDir;

    @Option(names = "--proxy-manage",
            description = "Run and supervise the proxy process (nginx) instead of reloading one you run.")
    public boolean proxyManage;

    @Option(names = "--proxy-http-port", defaultValue = "80", paramLabel = "PORT",
            description = "Port the proxy serves plain HTTP on (default: ${DEFAULT-VALUE}).")
    public String proxyHttpPort;

    @Option(names = "--proxy-https-port", defaultValue = "443", paramLabel = "PORT",
            description = "Port the proxy serves HTTPS on (default: ${DEFAULT-VALUE}).")
    public String proxyHttpsPort;

    @Option(names = "--proxy-opt", paramLabel = "KEY=VALUE", description = "Option passed to the proxy plugin (repeatable).")
    public Map<String, String> proxyOptions = new LinkedHashMap<>();

    @Option(names = "--challenge-port", defaultValue = "0", paramLabel = "PORT",
            description = "Loopback port of the ACME HTTP-01 challenge listener the proxy forwards to (default: any free port).")
    public String challengePort;

    @Option(names = "--acme-email", paramLabel = "EMAIL",
            description = "Account email for ACME; enables certificates for routes with TLS mode auto.")
    public String acmeEmail;

    // --runtime-dir was its first name, easily taken for the container runtime's: still accepted
    @Option(names = {"--cert-files-dir", "--runtime-dir"}, paramLabel = "DIR",
            description = "RAM-backed (tmpfs) directory for the certificate files the proxy reads (default: /dev/shm/helyos-<id>).")
    public Path certFilesDir;

    @Option(names = "--acme-ca", paramLabel = "ID",
            description = "ACME CA: letsencrypt (default), letsencrypt-staging, zerossl, or acme with --acme-directory.")
    public String acmeCa;

    @Option(names = "--acme-directory", paramLabel = "URL", description = "ACME directory URL (with --acme-ca acme).")
    public String acmeDirectory;

    @Option(names = "--acme-ca-root", paramLabel = "PEM", description = "Extra root to trust for the CA's API (a private or test CA).")
    public Path acmeCaRoot;

    @Option(names = "--acme-eab-kid", paramLabel = "KID", description = "External Account Binding key id (zerossl).")
    public String acmeEabKid;

    @Option(names = "--acme-eab-hmac-key", paramLabel = "KEY", description = "External Account Binding HMAC key (base64url).")
    public String acmeEabHmacKey;

    @Option(names = "--acme-key-type", defaultValue = "ec", paramLabel = "ec|rsa",
            description = "Key of route certificates (ACME and issuer plugins): ec (P-256, default) or rsa (2048).")
    public String acmeKeyType;

    @Option(names = "--cert-issuer", paramLabel = "ID",
            description = "Issuer of 'auto' routes that name none: acme (default; needs --acme-email) or an issuer plugin such as internal.")
    public String certIssuer;

    @Option(names = "--issuer-opt", paramLabel = "KEY=VALUE", description = "Option passed to the issuer plugins (repeatable).")
    public Map<String, String> issuerOptions = new LinkedHashMap<>();

    @Option(names = "--renew-interval", defaultValue = "24h", paramLabel = "DURATION",
            description = "How often certificates are checked for renewal (default: ${DEFAULT-VALUE}).")
    public String renewInterval;
}
