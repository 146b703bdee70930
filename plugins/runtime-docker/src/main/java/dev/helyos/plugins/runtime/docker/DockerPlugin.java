package dev.helyos.plugins.runtime.docker;

import org.pf4j.Plugin;

/** PF4J entry point; the runtime itself is the {@link DockerRuntimeProvider} extension. */
public class DockerPlugin extends Plugin {
}
