package org.example.helyos.opensslca;

import org.pf4j.Plugin;

/** PF4J entry point of the example issuer. */
public class OpensslCaPlugin extends Plugin {
}
