package dev.helyos.cli;

import dev.helyos.kernel.Daemon;
import dev.helyos.kernel.config.DaemonOptions;
import dev.helyos.kernel.config.DaemonSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A real helyosd (the kernel, in this JVM) on a free loopback port for the CLI to talk to. */
public final class LiveDaemon implements AutoCloseable {
    final Daemon daemon;
    final String output;
    public final String token;

    private LiveDaemon(Daemon daemon, String output) {
        this.daemon = daemon;
        this.output = output;
        Matcher m = Pattern.compile("HELYOS_API_TOKEN=(\\S+)").matcher(output);
        this.token = m.find() ? m.group(1) : null;
    }

    public static LiveDaemon start(Path dir, String... args) {
        return start(dir, Map.of(), args);
    }

    /** {@code env} is added to the daemon's environment (DOCKER_HOST, say). */
    public static LiveDaemon start(Path dir, Map<String, String> extraEnv, String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(), "--port", "0"));
        all.addAll(List.of(args));
        DaemonOptions options = new DaemonOptions();
        new CommandLine(options).parseArgs(all.toArray(String[]::new));
        // The daemon's own CLI context goes to a file the tests do not read.
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", dir.toString(),
                "HELYOS_CONFIG", dir.resolve("daemon-written.toml").toString()));
        // deployments reach the test engine scripts/test starts
        if (System.getenv("DOCKER_HOST") != null) {
            env.put("DOCKER_HOST", System.getenv("DOCKER_HOST"));
        }
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Daemon daemon = Daemon.start(DaemonSettings.from(options, env), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new LiveDaemon(daemon, out.toString(StandardCharsets.UTF_8));
    }

    public String url() {
        return daemon.baseUrl();
    }

    String fingerprint() {
        Matcher m = Pattern.compile("--ca-fingerprint (\\S+)").matcher(output);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        daemon.close();
    }
}
