package dev.helyos.kernel.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code helyosd store copy}: the flags of copying one state store into another. */
@Command(name = "helyosd store copy", mixinStandardHelpOptions = true,
        description = "Copy every key of one state store into another (e.g. MapDB to PostgreSQL), then check each value.")
public final class StoreCopyOptions {
    @Option(names = "--from", required = true, paramLabel = "ID", description = "The store plugin to copy from (e.g. mapdb).")
    public String from;

    @Option(names = "--from-opt", paramLabel = "KEY=VALUE",
            description = "Option of the source store; data-dir=DIR is the data directory of a file store.")
    public Map<String, String> fromOptions = new LinkedHashMap<>();

    @Option(names = "--to", required = true, paramLabel = "ID", description = "The store plugin to copy into (e.g. postgres).")
    public String to;

    @Option(names = "--to-opt", paramLabel = "KEY=VALUE", description = "Option of the target store (as --store-opt).")
    public Map<String, String> toOptions = new LinkedHashMap<>();

    @Option(names = "--force", description = "Copy into a target that is not empty.")
    public boolean force;

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Where plugin jars are loaded from.")
    public Path pluginsDir;

    /** The data directory in {@code options} ({@code data-dir=}), and the options without it. */
    public static Path dataDir(Map<String, String> options) {
        String dir = options.get("data-dir");
        return dir == null ? null : Path.of(dir);
    }

    public static Map<String, String> withoutDataDir(Map<String, String> options) {
        Map<String, String> rest = new LinkedHashMap<>(options);
        rest.remove("data-dir");
        return rest;
    }
}
