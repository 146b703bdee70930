package org.example.helyos.memstore;

import org.pf4j.Plugin;

public class MemoryStorePlugin extends Plugin {
}
