package dev.helyos.plugins.proxy.nginx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the nginx program: check the configuration, reload a running master. */
final class NginxCommands {
    private static final long TIMEOUT_SECONDS = 60;

    private final NginxSettings settings;

    NginxCommands(NginxSettings settings) {
        this.settings = settings;
    }

    /** What a run said: its exit code and its output (nginx writes to stderr). */
    record Outcome(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    Outcome test() {
        return run("-t", "-q");
    }

    Outcome reload() {
        return run("-s", "reload");
    }

    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(settings.binary().toString(), "-c", settings.mainConf().toString()));
        if (settings.manage()) {
            command.addAll(List.of("-p", settings.stateDir().toString() + "/"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private Outcome run(String... args) {
        try {
            Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, "nginx " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Outcome(-1, "cannot run " + settings.binary() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, "interrupted while running nginx");
        }
    }
}
