package dev.helyos.plugins.proxy.traefik;

import dev.helyos.plugin.api.ApplyResult;
import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyContext;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.ProxySnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes {@code <configDir>/helyos-dynamic.yml} for a Traefik v3 that the operator runs with the file
 * provider watching it. Traefik picks up each new version by itself, so there is nothing to reload.
 *
 * <p>A route is refused (and reported in {@link ApplyResult#failedRoutes()}) when its domain is not a
 * plain host name, an upstream host is not an IP literal or host name, or its certificate or key is
 * not an absolute path to an existing file. A refused route keeps the configuration it had at the last
 * successful apply, or has none when it is new; the other routes are written as usual.
 */
final class TraefikBackend implements ProxyBackend {

    static final String FILE_NAME = "helyos-dynamic.yml";

    private final ProxyContext context;
    private final ConfigFile file;
    /** Each domain's route as last written successfully: what a refused route falls back to. */
    private Map<String, ProxyRoute> lastGood = Map.of();

    TraefikBackend(ProxyContext context) {
        this.context = context;
        this.file = new ConfigFile(context.configDir().resolve(FILE_NAME).toAbsolutePath());
    }

    Path file() {
        return file.path();
    }

    @Override
    public synchronized ApplyResult apply(ProxySnapshot desired) {
        String challengeUrl = Names.httpUrl(desired.challengeHost(), desired.challengePort());
        if (challengeUrl == null) {
            return new ApplyResult(Map.of(), "the ACME challenge listener " + printable(desired.challengeHost()) + " port "
                    + desired.challengePort() + " is not a valid host and port; " + file.path() + " was left as it was");
        }

        Map<String, String> failed = new TreeMap<>();
        Map<String, DynamicConfig.Checked> serve = new LinkedHashMap<>();
        Map<String, ProxyRoute> good = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ProxyRoute route : desired.routes()) {
            String domain = route.domain();
            if (!seen.add(domain)) {
                failed.putIfAbsent(domain, "more than one route for this domain; only the first is served");
                continue;
            }
            String problem = problem(route);
            ProxyRoute use = route;
            if (problem != null) {
                failed.put(domain, problem);
                use = lastGood.get(domain);
                if (use == null) {
                    continue;
                }
            }
            serve.put(domain, new DynamicConfig.Checked(use, upstreamUrls(use)));
            good.put(domain, use);
        }

        List<DynamicConfig.Checked> routes = new ArrayList<>(serve.values());
        routes.sort((a, b) -> a.route().domain().compareTo(b.route().domain()));
        byte[] content = DynamicConfig.render(routes, challengeUrl, context.httpsPort());
        try {
            file.writeIfChanged(content);
        } catch (IOException | RuntimeException e) {
            return new ApplyResult(failed, "cannot write " + file.path() + ": " + e
                    + "; Traefik keeps serving the previous file");
        }
        lastGood = Map.copyOf(good);
        return new ApplyResult(failed, null);
    }

    /** Why {@code route} cannot be written, or {@code null}. */
    static String problem(ProxyRoute route) {
        String domain = Names.domainProblem(route.domain());
        if (domain != null) {
            return domain;
        }
        for (ProxyRoute.Upstream upstream : route.upstreams()) {
            if (Names.httpUrl(upstream.host(), upstream.port()) == null) {
                return "upstream host is neither an IP address nor a host name: " + printable(upstream.host());
            }
        }
        if (route.tls() != null) {
            String cert = Names.pemFileProblem("certificate", route.tls().certificateChain());
            if (cert != null) {
                return cert;
            }
            return Names.pemFileProblem("private key", route.tls().privateKey());
        }
        return null;
    }

    private static List<String> upstreamUrls(ProxyRoute route) {
        Set<String> urls = new LinkedHashSet<>();
        for (ProxyRoute.Upstream upstream : route.upstreams()) {
            urls.add(Names.httpUrl(upstream.host(), upstream.port()));
        }
        return List.copyOf(urls);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    @Override
    public String describe() {
        return "traefik (file provider " + file.path() + "), unmanaged: the operator runs Traefik v3 with entry points web (:"
                + context.httpPort() + ") and websecure (:" + context.httpsPort() + "); helyosd does not run or reload it";
    }

    /** Nothing to stop: Traefik is the operator's, and the file stays where it is. */
    @Override
    public void close() {
    }
}
