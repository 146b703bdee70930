package org.example.helyos.exampleca;

import org.pf4j.Plugin;

public class ExampleCaPlugin extends Plugin {
}
