package dev.helyos.plugins.proxy.traefik;

import org.pf4j.Plugin;

/** PF4J entry point; the backend itself is the {@link TraefikBackendProvider} extension. */
public class TraefikPlugin extends Plugin {
}
