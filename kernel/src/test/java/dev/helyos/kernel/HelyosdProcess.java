package dev.helyos.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** helyosd as a separate process, as an operator runs it: exit codes, stderr, signals. */
public final class HelyosdProcess {
    private HelyosdProcess() {
    }

    public record Exit(int code, String stdout, String stderr) {
    }

    public static ProcessBuilder builder(Path home, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dhelyos.install=" + System.getProperty("helyos.install"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("HELYOS_API_TOKEN");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("HELYOS_CONFIG", home.resolve("config.toml").toString());
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs a helyosd that is expected to exit by itself (a refused start), within 60 s. */
    public static Exit runToExit(Path home, List<String> args, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            Process p = builder(home, args, env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("helyosd " + args + " did not exit; stdout: " + Files.readString(out));
            }
            return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a helyosd and waits for its "serving" line; the caller stops it. */
    public static Running start(Path home, List<String> args, Map<String, String> env) throws IOException {
        Process p = builder(home, args, env).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("helyosd ") && line.contains(" serving ")) {
                String url = line.split(" serving ")[1].split(" ")[0];
                Thread drain = new Thread(() -> reader.lines().forEach(l -> { }), "helyosd-output");
                drain.setDaemon(true);
                drain.start();
                return new Running(p, url, seen.toString());
            }
        }
        p.destroyForcibly();
        throw new AssertionError("helyosd did not start: " + seen);
    }

    /**
     * Starts a helyosd whose whole output goes to {@code home/helyosd.log} and waits for its serving
     * line; {@code wrapper} goes before the java command (e.g. {@code bash -c "ulimit -n 512 && exec \"$@\"" helyosd}).
     */
    public static Logged startLogged(Path home, List<String> wrapper, List<String> args, Map<String, String> env) throws Exception {
        ProcessBuilder pb = builder(home, args, env);
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(pb.command());
        pb.command(command);
        Path out = home.resolve("helyosd.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.regex.Pattern serving = java.util.regex.Pattern.compile("(?m)^helyosd \\S+ serving (\\S+) ");
        while (System.nanoTime() < deadline) {
            var m = serving.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) {
                return new Logged(p, m.group(1), out);
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("helyosd did not start: " + Files.readString(out));
    }

    /** A helyosd started by {@link #startLogged}: its URL and everything it printed and logged so far. */
    public record Logged(Process process, String url, Path out) implements AutoCloseable {
        public int port() {
            return java.net.URI.create(url).getPort();
        }

        public String log() {
            try {
                return Files.readString(out);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public record Running(Process process, String url, String banner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
