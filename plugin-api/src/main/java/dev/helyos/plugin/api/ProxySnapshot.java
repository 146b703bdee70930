package dev.helyos.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything a proxy should serve.
 *
 * @param routes one per domain, sorted by domain
 * @param challengeHost the host of helyosd's ACME HTTP-01 challenge listener: requests for {@code
 *     /.well-known/acme-challenge/} on every route's domain go to {@code challengeHost:challengePort},
 *     on plain HTTP, even for routes that redirect the rest to HTTPS
 * @param challengePort its port
 */
public record ProxySnapshot(List<ProxyRoute> routes, String challengeHost, int challengePort) {
    public ProxySnapshot {
        routes = List.copyOf(routes);
        Objects.requireNonNull(challengeHost, "challengeHost");
    }
}
