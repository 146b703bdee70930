package dev.helyos.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.acme.AcmeClient;
import dev.helyos.kernel.acme.CaDirectory;
import dev.helyos.kernel.acme.ChallengeListener;
import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.auth.CliContextFile;
import dev.helyos.kernel.auth.TokenEndpoints;
import dev.helyos.kernel.auth.TokenService;
import dev.helyos.kernel.certs.CertificateEndpoints;
import dev.helyos.kernel.certs.CertificateService;
import dev.helyos.kernel.certs.CertificateViews;
import dev.helyos.kernel.certs.Issuer;
import dev.helyos.kernel.certs.IssuerCatalog;
import dev.helyos.kernel.certs.RenewalLoop;
import dev.helyos.kernel.certs.RuntimeFiles;
import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.config.OpenFileLimit;
import dev.helyos.kernel.config.Version;
import dev.helyos.kernel.deploy.DeployEndpoints;
import dev.helyos.kernel.deploy.DeploymentRecord;
import dev.helyos.kernel.deploy.DeploymentService;
import dev.helyos.kernel.deploy.Endpoints;
import dev.helyos.kernel.deploy.PodNames;
import dev.helyos.kernel.deploy.PodSupervisor;
import dev.helyos.kernel.deploy.RuntimeHandle;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.events.DaemonEvents;
import dev.helyos.kernel.events.EventEndpoints;
import dev.helyos.kernel.events.EventLog;
import dev.helyos.kernel.files.SecureFiles;
import dev.helyos.kernel.health.Components;
import dev.helyos.kernel.health.HealthEndpoints;
import dev.helyos.kernel.health.Readiness;
import dev.helyos.kernel.issuers.PluginIssuer;
import dev.helyos.kernel.issuers.StoredIssuerContext;
import dev.helyos.kernel.metrics.CertificateMetrics;
import dev.helyos.kernel.metrics.HttpMetrics;
import dev.helyos.kernel.nodes.NodeEndpoints;
import dev.helyos.kernel.nodes.NodeRecord;
import dev.helyos.kernel.nodes.NodeRegistry;
import dev.helyos.kernel.operations.OperationsMetrics;
import dev.helyos.kernel.plugins.PluginHost;
import dev.helyos.kernel.projects.ProjectEndpoints;
import dev.helyos.kernel.projects.ProjectService;
import dev.helyos.kernel.proxy.ProxyEndpoints;
import dev.helyos.kernel.proxy.ProxyReconciler;
import dev.helyos.kernel.routes.RouteEndpoints;
import dev.helyos.kernel.routes.RouteService;
import dev.helyos.kernel.secrets.MasterKey;
import dev.helyos.kernel.secrets.Sealer;
import dev.helyos.kernel.secrets.StoreCanary;
import dev.helyos.kernel.secrets.SecretEndpoints;
import dev.helyos.kernel.secrets.SecretService;
import dev.helyos.kernel.server.HttpApiServer;
import dev.helyos.kernel.server.SystemEndpoints;
import dev.helyos.kernel.tls.ByoTls;
import dev.helyos.kernel.tls.SelfSignedTls;
import dev.helyos.kernel.tls.SubjectAltNames;
import dev.helyos.kernel.tls.TlsMaterial;
import dev.helyos.plugin.api.AcmeDirectory;
import dev.helyos.plugin.api.CertificateAuthorityContext;
import dev.helyos.plugin.api.CertificateAuthorityProvider;
import dev.helyos.plugin.api.CertificateIssuer;
import dev.helyos.plugin.api.ContainerRuntimeProvider;
import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyBackendProvider;
import dev.helyos.plugin.api.ProxyContext;
import dev.helyos.plugin.api.ProxyException;
import dev.helyos.plugin.api.RuntimeContext;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreProvider;
import dev.helyos.plugin.api.StoreContext;
import dev.helyos.plugin.api.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One running helyosd: wires the master key, plugins, store, tokens and API TLS, then serves the
 * API. Everything it holds is released by {@link #close()}, in reverse order.
 */
public final class Daemon implements AutoCloseable {
    private static final String DEFAULT_PROXY = "traefik";
    private final DaemonSettings settings;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Api api = new Api();
    private final Readiness readiness = new Readiness();
    private final Runnable onApiLost;
    private int port;
    private String runtimeId;
    private HttpApiServer server;
    private Sealer sealer;
    private Optional<TlsMaterial> tls = Optional.empty();
    private RuntimeHandle runtime;

    private Daemon(DaemonSettings settings, Runnable onApiLost) {
        this.settings = settings;
        this.onApiLost = onApiLost;
    }

    public static Daemon start(DaemonSettings settings, PrintStream out) {
        return start(settings, out, () -> { });
    }

    /**
     * Starts the daemon; {@code onApiLost} runs if the API listener stops and cannot be started again
     * ({@link Main} exits non-zero then, so a supervisor restarts helyosd).
     */
    public static Daemon start(DaemonSettings settings, PrintStream out, Runnable onApiLost) {
        Daemon daemon = new Daemon(settings, onApiLost);
        try {
            daemon.run(out);
            return daemon;
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    private void run(PrintStream out) {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        Path dataDir = prepareDataDir(settings.dataDir());
        MasterKey masterKey = MasterKey.loadOrCreate(dataDir);
        sealer = new Sealer(masterKey);
        ObjectMapper json = Json.mapper();

        PluginHost plugins = PluginHost.load(settings.pluginsDir());
        resources.add(plugins);
        StateStoreProvider storeProvider = plugins.select(StateStoreProvider.class, "store", "--store", settings.store());
        StateStore store = openStore(storeProvider, dataDir);
        resources.add(store);
        StoreCanary.check(store, sealer);

        TokenService tokens = new TokenService(store, json, masterKey, Clock.systemUTC());
        if (settings.apiToken() == null && !settings.loopback() && !tokens.hasActiveAdmin()) {
            throw new StartupException(DaemonSettings.NO_TOKEN_REFUSED);
        }
        if (settings.apiToken() != null) {
            tokens.installConfigured(settings.apiToken());
        }

        if (settings.tls()) {
            tls = Optional.of(settings.tlsCert() != null
                    ? ByoTls.load(settings.tlsCert(), settings.tlsKey())
                    : new SelfSignedTls(dataDir, masterKey).loadOrCreate(SubjectAltNames.forServer(
                            settings.host(), settings.advertiseAddr(), settings.tlsSans(), systemHostname())));
        }
        Optional<TlsMaterial.CaCertificate> ca = tls.flatMap(TlsMaterial::ca);

        HttpMetrics metrics = new HttpMetrics();
        SystemEndpoints.register(api, metrics, ca, plugins);
        HealthEndpoints.register(api, readiness);
        TokenEndpoints.register(api, tokens);
        ProjectService projects = new ProjectService(store, json, Clock.systemUTC());
        SecretService secrets = new SecretService(store, sealer, projects);
        ProjectEndpoints.register(api, projects);
        SecretEndpoints.register(api, secrets);
        runtime = openRuntime(plugins);
        resources.add(runtime);
        PodNames names = PodNames.forInstance(store);
        String nodeName = settings.node().name() != null ? settings.node().name() : systemHostname();
        PodSupervisor supervisor = new PodSupervisor(store, json, Clock.systemUTC(), projects, secrets, runtime, names, nodeName);
        resources.add(supervisor);
        IssuerCatalog issuers = issuerCatalog(plugins, store);
        RouteService routes = new RouteService(store, json, Clock.systemUTC(), projects,
                (project, name) -> store.get("deployments/" + project + "/" + name).map(DeploymentRecord::specPorts), issuers::resolve);
        DeploymentService deployments = new DeploymentService(store, json, Clock.systemUTC(), projects, secrets, runtime,
                supervisor, names, routes, node -> node.equals(nodeName) || NodeRegistry.joined(store, node));
        DeployEndpoints.register(api, deployments, runtime, json);
        supervisor.onPodsChanged(deployments::publishPods); // what this node's pods are, for the other nodes' API
        RuntimeFiles runtimeFiles = RuntimeFiles.open(settings.certFilesDir(), settings.dataDir());
        resources.add(runtimeFiles);
        CertificateService certs = new CertificateService(store, json, sealer, runtimeFiles, routes, Clock.systemUTC());
        resources.add(certs);
        CertificateMetrics.register(metrics.registry(), certs, Clock.systemUTC());
        ProxyReconciler proxy = proxyReconciler(plugins, supervisor, store, json, dataDir, certs);
        RenewalLoop renewals = new RenewalLoop(store, json, Clock.systemUTC(), certs, routes, issuers,
                settings.acme().renewInterval(), proxy::nextApply, settings.proxy().httpsPort());
        resources.add(renewals);
        CertificateEndpoints.register(api, certs, new CertificateViews(renewals, routes, Clock.systemUTC()), renewals, issuers);
        RouteEndpoints.register(api, routes, route -> {
            ProxyReconciler.RouteState state = proxy.state(route.domain());
            return RouteEndpoints.view(route, state.status(), state.error());
        });
        ProxyEndpoints.register(api, proxy, settings.proxy());

        EventLog events = new EventLog(store, json, Clock.systemUTC());
        DaemonEvents.wire(events, routes, deployments, supervisor, proxy, renewals);
        EventEndpoints.register(api, events, json);
        OperationsMetrics operations = new OperationsMetrics(metrics.registry(), events::subscribers);
        renewals.observe(operations);
        proxy.observe(operations);
        deployments.onDeploy(operations::deployed);
        supervisor.onPod(operations);
        operations.pods(supervisor::podCounts);

        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> pluginIds = plugins.installed().stream().map(p -> p.kind() + "/" + p.id()).toList();
        NodeRegistry nodes = new NodeRegistry(store, json, Clock.systemUTC(), settings.node().heartbeat(), () -> new NodeRecord(
                nodeName, baseUrl(), Version.VALUE, pluginIds, proxy.active() == null ? null : proxy.active().id(), startedAt, null, 0));
        resources.add(nodes);
        NodeEndpoints.register(api, nodes);

        Components.store(readiness, store, storeProvider.id());
        Components.runtime(readiness, runtime, runtimeId, !settings.runtime().equals("auto"));
        Components.proxy(readiness, proxy, settings.proxy().manage());
        Components.certificates(readiness, renewals, issuers);

        // The API is bound last, once everything behind it runs and the token is printed: a client
        // that gets an answer can use it. The port is checked first, so that a start refused for a
        // taken port generates no token and touches no pod or proxy.
        port = HttpApiServer.checkBindable(settings.host(), settings.port());
        String generatedToken = tokens.hasActiveAdmin() ? null : tokens.generateBootstrap();
        runtime.watch(runtimeId);
        proxy.start();
        supervisor.start();
        renewals.start();
        nodes.start();
        printBanner(out, storeProvider, generatedToken, ca);
        server = new HttpApiServer(api, tokens, metrics, json, settings.http());
        server.start(settings.host(), port, tls, onApiLost);
        // Last, so that a supervisor (or a test) can take this line as "ready to answer".
        out.println("helyosd " + Version.VALUE + " serving " + baseUrl() + " (" + tlsNote(ca) + ")");
        out.flush();
    }

    /** The ACME engine (with --acme-email) and the issuer plugins, --cert-issuer checked against them. */
    private IssuerCatalog issuerCatalog(PluginHost plugins, StateStore store) {
        DaemonSettings.Acme flags = settings.acme();
        String chosen = flags.certIssuer();
        if (!chosen.equals(Issuer.ACME)) {
            plugins.select(CertificateIssuer.class, "issuer", "--cert-issuer", chosen);
        }
        List<PluginIssuer> pluginIssuers = plugins.all(CertificateIssuer.class).stream()
                .map(plugin -> new PluginIssuer(plugin, new StoredIssuerContext(plugin.id(), store, sealer, flags.issuerOptions()),
                        flags.rsa(), Clock.systemUTC()))
                .toList();
        AcmeClient acme = settings.acmeEmail() == null ? null
                : new AcmeClient(acmeDirectory(plugins, flags), settings.acmeEmail(), store, sealer, flags.rsa());
        return new IssuerCatalog(acme, pluginIssuers, chosen);
    }

    /** The ACME CA of --acme-ca (a CA plugin), its directory and account flags checked. */
    private static CaDirectory acmeDirectory(PluginHost plugins, DaemonSettings.Acme flags) {
        String caId = flags.ca() == null ? "letsencrypt" : flags.ca();
        CertificateAuthorityProvider authority = plugins.select(CertificateAuthorityProvider.class, "ca", "--acme-ca", caId);
        AcmeDirectory acmeDirectory;
        try {
            acmeDirectory = authority.directory(new CertificateAuthorityContext(flags.directory(), Map.of()));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        return CaDirectory.of(caId, acmeDirectory, flags.caRoot(), flags.eabKid(), flags.eabHmacKey());
    }

    /**
     * The challenge listener and the reconciler with its backend: the one of --proxy-backend, else the
     * one last switched to, else traefik; when that default is not installed, none (routes are kept
     * and show why they are not served).
     */
    private ProxyReconciler proxyReconciler(PluginHost plugins, PodSupervisor supervisor, StateStore store, ObjectMapper json,
                                            Path dataDir, CertificateService certs) {
        DaemonSettings.Proxy flags = settings.proxy();
        ChallengeListener challenge = ChallengeListener.start(store, flags.challengePort());
        resources.add(challenge);
        Endpoints endpoints = new Endpoints(store, json, supervisor.node(), settings.node().podAddress());
        ProxyReconciler proxy = new ProxyReconciler(store, json, Clock.systemUTC(), () -> endpoints.upstreams(supervisor::servingPorts),
                certs::filesFor, new InetSocketAddress(challenge.host(), challenge.port()), (id, manage) -> openProxy(plugins, id, manage, dataDir));
        resources.add(proxy);
        String backend = proxy.startingBackend(flags.backend(), DEFAULT_PROXY);
        boolean installed = plugins.installed().stream().anyMatch(p -> p.kind().equals("proxy") && p.id().equals(backend));
        proxy.open(installed || flags.backend() != null ? backend : null);
        supervisor.onPodsChanged(proxy::signal);
        // what this node's pods serve, for the other nodes' proxies; and theirs for this one
        supervisor.onPodsChanged(() -> endpoints.publish(supervisor.servingPorts(), supervisor.runsHere()));
        resources.add(store.watch("endpoints/", key -> proxy.signal()));
        supervisor.onDrain(proxy::nextApply);
        return proxy;
    }

    private ProxyBackend openProxy(PluginHost plugins, String id, Boolean manage, Path dataDir) {
        DaemonSettings.Proxy flags = settings.proxy();
        ProxyBackendProvider provider = plugins.select(ProxyBackendProvider.class, "proxy", "--proxy-backend", id);
        try {
            SecureFiles.createPrivateDirectory(dataDir.resolve("proxy-state"));
            Files.createDirectories(flags.configDir());
            Path state = dataDir.resolve("proxy-state").resolve(id);
            Files.createDirectories(state);
            // --proxy-opt is meant for the backend the flags name, not for one switched to live
            Map<String, String> options = id.equals(flags.backend()) ? flags.options() : Map.of();
            return provider.open(new ProxyContext(flags.configDir(), state, flags.httpPort(), flags.httpsPort(),
                    manage == null ? flags.manage() : manage, options));
        } catch (IOException e) {
            throw new StartupException("cannot prepare the proxy directories: " + rootMessage(e));
        } catch (ProxyException e) {
            throw new StartupException("proxy backend '" + id + "': " + e.getMessage());
        }
    }

    /** The runtime of --runtime; auto is docker when installed, else none (deploys then answer 503). */
    private RuntimeHandle openRuntime(PluginHost plugins) {
        String id = settings.runtime();
        if (id.equals("auto")) {
            boolean docker = plugins.installed().stream().anyMatch(p -> p.kind().equals("runtime") && p.id().equals("docker"));
            if (!docker) {
                runtimeId = "none";
                return new RuntimeHandle(null, RuntimeContext.detect());
            }
            id = "docker";
        }
        runtimeId = id;
        ContainerRuntimeProvider provider = plugins.select(ContainerRuntimeProvider.class, "runtime", "--runtime", id);
        return new RuntimeHandle(provider, new RuntimeContext(engineAddress(), Map.of(), settings.node().podAddress()));
    }

    private URI engineAddress() {
        if (settings.dockerHost() == null) {
            return null;
        }
        try {
            return new URI(settings.dockerHost().strip());
        } catch (java.net.URISyntaxException e) {
            throw new StartupException("invalid DOCKER_HOST '" + settings.dockerHost() + "': " + e.getReason()
                    + " (expected e.g. unix:///var/run/docker.sock)");
        }
    }

    /** The container runtime (opened on first use). */
    public RuntimeHandle runtime() {
        return runtime;
    }

    private Path prepareDataDir(Path dataDir) {
        try {
            SecureFiles.createPrivateDirectory(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot create data directory " + dataDir + ": " + rootMessage(e));
        }
        if (!Files.isDirectory(dataDir)) {
            throw new StartupException("data directory " + dataDir + " is not a directory");
        }
        if (!Files.isReadable(dataDir) || !Files.isWritable(dataDir) || !Files.isExecutable(dataDir)) {
            throw new StartupException("data directory " + dataDir + " is not readable and writable by this user");
        }
        return dataDir;
    }

    private StateStore openStore(StateStoreProvider provider, Path dataDir) {
        try {
            return provider.open(new StoreContext(dataDir, settings.storeOptions()));
        } catch (StoreException e) {
            throw new StartupException(e.getMessage());
        } catch (RuntimeException e) {
            throw new StartupException("store '" + provider.id() + "' failed to open: " + rootMessage(e));
        }
    }

    private void printBanner(PrintStream out, StateStoreProvider store, String generatedToken,
                             Optional<TlsMaterial.CaCertificate> ca) {
        String url = baseUrl();
        out.println("  data: " + settings.dataDir() + " · store: " + store.id() + " · plugins: " + settings.pluginsDir());
        long openFiles = OpenFileLimit.soft();
        if (OpenFileLimit.tooClose(settings.http().maxConnections(), openFiles)) {
            out.println("  warning: --max-connections " + settings.http().maxConnections() + " leaves too few of the "
                    + openFiles + " open files (ulimit -n) for the store, plugins and proxy; raise the limit or lower it");
        }
        if (generatedToken != null) {
            out.println("Generated new API token — save this, it will not be shown again:");
            out.println("  HELYOS_API_TOKEN=" + generatedToken);
            try {
                if (CliContextFile.writeIfAbsent(settings.cliConfigFile(), url, generatedToken,
                        ca.map(TlsMaterial.CaCertificate::pem).orElse(null), ca.map(TlsMaterial.CaCertificate::sha256).orElse(null))) {
                    out.println("  wrote CLI context 'local' to " + settings.cliConfigFile());
                }
            } catch (IOException e) {
                out.println("  could not write CLI context " + settings.cliConfigFile() + ": " + e.getMessage());
            }
        }
        if (tls.isPresent()) {
            out.println("helyos login " + url + ca.map(c -> " --ca-fingerprint " + c.sha256()).orElse(""));
        }
        out.flush();
    }

    private String tlsNote(Optional<TlsMaterial.CaCertificate> ca) {
        return tls.isEmpty() ? "plain HTTP" : ca.isPresent() ? "TLS, self-signed CA" : "TLS, your certificate";
    }

    /** The URL clients dial: advertise address, else the bind host (the hostname for a wildcard bind). */
    public String baseUrl() {
        String host = settings.advertiseAddr() != null ? settings.advertiseAddr() : settings.host();
        var ip = SubjectAltNames.ipLiteral(host);
        if (ip != null && ip.isAnyLocalAddress()) {
            host = systemHostname();
        } else if (ip instanceof java.net.Inet6Address && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (tls.isPresent() ? "https" : "http") + "://" + host + ":" + port;
    }

    public int port() {
        return server.port();
    }

    public Api api() {
        return api;
    }

    public Sealer sealer() {
        return sealer;
    }

    static String systemHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("helyosd: error while shutting down: " + e.getMessage());
            }
        }
        resources.clear();
    }
}
