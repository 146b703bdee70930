package dev.helyos.cli.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CLI's contexts in {@code $HELYOS_CONFIG} or {@code ~/.helyos/config.toml} (README "The CLI").
 * A save copies the old file to {@code config.toml.bak}, writes a temp file with mode 0600 and
 * renames it over, so the file is never left truncated. A file with top-level {@code server} /
 * {@code token} (the legacy flat layout) is read as context {@code default}. A malformed file is
 * reported once and treated as empty; it is only replaced when the user saves a change.
 */
public final class CliConfig {
    private final Path file;
    private String currentContext;
    private final Map<String, Context> contexts;

    private CliConfig(Path file, String currentContext, Map<String, Context> contexts) {
        this.file = file;
        this.currentContext = currentContext;
        this.contexts = contexts;
    }

    public static Path defaultPath(Map<String, String> env) {
        String configured = env.get("HELYOS_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".helyos", "config.toml");
    }

    public static CliConfig load(Path file, PrintStream warnings) {
        if (!Files.exists(file)) {
            return new CliConfig(file, null, new TreeMap<>());
        }
        try {
            Map<String, Object> doc = Toml.parse(Files.readString(file, StandardCharsets.UTF_8));
            return fromDocument(file, doc);
        } catch (IOException | Toml.ParseException | RuntimeException e) {
            warnings.println("⚠ ignoring malformed config " + file + ": " + e.getMessage() + " (no contexts loaded)");
            return new CliConfig(file, null, new TreeMap<>());
        }
    }

    private static CliConfig fromDocument(Path file, Map<String, Object> doc) {
        Map<String, Context> contexts = new TreeMap<>();
        if (doc.get("context") instanceof Map<?, ?> tables) {
            for (Map.Entry<?, ?> e : tables.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> ctx) {
                    contexts.put(e.getKey().toString(), Context.fromMap(ctx));
                }
            }
        }
        String current = doc.get("current-context") instanceof String s ? s : null;
        if (contexts.isEmpty() && (doc.containsKey("server") || doc.containsKey("token"))) {
            contexts.put("default", Context.fromMap(doc));
            current = "default";
        }
        return new CliConfig(file, current, contexts);
    }

    public Path file() {
        return file;
    }

    public String currentContext() {
        return currentContext;
    }

    public Map<String, Context> contexts() {
        return contexts;
    }

    public Context context(String name) {
        return contexts.get(name);
    }

    public void put(String name, Context context) {
        contexts.put(name, context);
    }

    public void remove(String name) {
        contexts.remove(name);
        if (name.equals(currentContext)) {
            currentContext = null;
        }
    }

    public void use(String name) {
        currentContext = name;
    }

    public void save() throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("current-context", currentContext);
        Map<String, Object> tables = new LinkedHashMap<>();
        contexts.forEach((name, ctx) -> tables.put(name, ctx.toMap()));
        doc.put("context", tables);
        byte[] bytes = Toml.write(doc).getBytes(StandardCharsets.UTF_8);

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.exists(file)) {
            Path backup = file.resolveSibling(file.getFileName() + ".bak");
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-------"));
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
