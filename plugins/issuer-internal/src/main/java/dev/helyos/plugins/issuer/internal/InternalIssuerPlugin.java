package dev.helyos.plugins.issuer.internal;

import org.pf4j.Plugin;

/** PF4J entry point; the issuer is this package's extension. */
public class InternalIssuerPlugin extends Plugin {
}
