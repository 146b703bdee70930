package dev.helyos.plugins.ca.acme;

import org.pf4j.Plugin;

/** PF4J entry point; the CAs are the extensions of this package. */
public class AcmeCaPlugin extends Plugin {
}
