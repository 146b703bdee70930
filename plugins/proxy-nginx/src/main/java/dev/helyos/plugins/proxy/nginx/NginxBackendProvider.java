package dev.helyos.plugins.proxy.nginx;

import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyBackendProvider;
import dev.helyos.plugin.api.ProxyContext;
import org.pf4j.Extension;

/**
 * {@code nginx}: one {@code helyos-<domain>.conf} per route, checked with {@code nginx -t} and
 * reloaded; with {@code --proxy-manage} helyosd runs and supervises its own nginx.
 */
@Extension
public class NginxBackendProvider implements ProxyBackendProvider {

    @Override
    public String id() {
        return "nginx";
    }

    @Override
    public ProxyBackend open(ProxyContext context) {
        return new NginxBackend(NginxSettings.of(context));
    }
}
