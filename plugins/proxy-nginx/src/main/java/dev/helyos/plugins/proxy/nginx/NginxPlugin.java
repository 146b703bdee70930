package dev.helyos.plugins.proxy.nginx;

import org.pf4j.Plugin;

/** PF4J entry point; the backend itself is the {@link NginxBackendProvider} extension. */
public class NginxPlugin extends Plugin {
}
