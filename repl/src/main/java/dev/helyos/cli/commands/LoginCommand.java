package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.ServerUrl;
import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Trust;
import dev.helyos.cli.config.CliConfig;
import dev.helyos.cli.config.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code helyos login SERVER}: decides how to trust the daemon (a CA file, the daemon's CA checked
 * against a fingerprint or confirmed on a terminal, the system roots, or nothing), checks the token
 * with {@code whoami} under exactly that trust, and saves a context.
 */
@Command(name = "login", description = "Log in to a helyosd and save it as a context.")
public final class LoginCommand implements Runnable {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "SERVER", description = "https://host:6443, or a bare host (https and port 6443 are assumed)")
    String serverArg;

    @Option(names = "--ca-fingerprint", paramLabel = "SHA256", description = "Expected SHA-256 of the daemon's CA (printed by helyosd at start)")
    String fingerprint;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Pin this CA (obtained out of band) instead of fetching it")
    Path caFile;

    @Option(names = "--insecure-skip-tls-verify", description = "Do not verify the server's certificate (pins nothing)")
    boolean insecure;

    @Option(names = "--token-stdin", description = "Read the token from standard input")
    boolean tokenStdin;

    @Option(names = "--name", paramLabel = "CONTEXT", description = "Context name (default: derived from the host)")
    String name;

    @Override
    public void run() {
        String server = ServerUrl.forLogin(serverArg);
        String expected = null;
        if (fingerprint != null) {
            expected = Trust.normalizeFingerprint(fingerprint);
            if (expected == null) {
                throw new CliException("--ca-fingerprint '" + fingerprint + "' is not a SHA-256 fingerprint",
                        "give 64 hex digits, optionally colon-separated or prefixed with sha256: (helyosd prints it at start)");
            }
        }
        String caPem = null;
        Trust trust;
        if (insecure) {
            cli.out().warn("--insecure-skip-tls-verify: the server's identity is not checked and no CA is pinned");
            trust = new Trust.Insecure();
        } else if (caFile != null) {
            caPem = readCaFile();
            checkFingerprint(expected, caPem);
            trust = new Trust.PinnedCa(caPem);
        } else if (server.startsWith("https://")) {
            caPem = fetchCa(server);
            if (caPem == null) {
                trust = new Trust.SystemRoots(); // BYO certificate: publicly trusted, nothing to pin
            } else {
                if (expected != null) {
                    checkFingerprint(expected, caPem);
                } else {
                    confirmPin(caPem);
                }
                trust = new Trust.PinnedCa(caPem);
            }
        } else {
            cli.warnIfPlainRemote(server);
            trust = new Trust.SystemRoots();
        }

        String token = readToken();
        Object me = new ApiClient(server, token, trust).get("/api/v1/whoami");
        String tokenName = me instanceof Map<?, ?> map && map.get("name") != null ? map.get("name").toString() : null;

        CliConfig config = cli.config();
        String contextName = name != null ? checkName(name) : freeName(config, ServerUrl.host(server));
        Context previous = config.context(contextName);
        config.put(contextName, new Context(server, token, tokenName, previous != null && previous.project() != null ? previous.project() : "default",
                trust instanceof Trust.Insecure,
                caPem == null ? null : Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)),
                caPem == null ? null : Trust.fingerprint(caPem)));
        config.use(contextName);
        Saving.save(config);
        if (!cli.printJson(Map.of("context", contextName, "server", server, "token_name", String.valueOf(tokenName), "trust", config.context(contextName).trust()))) {
            cli.out().success("Logged in to " + server + " as " + tokenName + " (context '" + contextName + "', " + config.context(contextName).trust() + ")");
        }
    }

    private String readCaFile() {
        try {
            String pem = Files.readString(caFile, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new CliException("--ca-file " + caFile + " holds no PEM certificate", "pass the daemon's http-ca.pem");
            }
            return pem;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CliException ce) {
                throw ce;
            }
            throw new CliException("cannot read --ca-file " + caFile + ": " + e.getMessage(), "pass the daemon's http-ca.pem");
        }
    }

    /** The daemon's self-signed CA, fetched without trust (it is checked next), or null when it has none. */
    private String fetchCa(String server) {
        try {
            Object ca = new ApiClient(server, null, new Trust.Insecure()).get("/api/v1/ca");
            if (ca instanceof Map<?, ?> map && map.get("pem") instanceof String pem) {
                return pem;
            }
            throw new CliException(server + "/api/v1/ca did not return a CA", "is " + server + " a helyosd?");
        } catch (ApiClient.ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void checkFingerprint(String expected, String pem) {
        if (expected == null) {
            return;
        }
        String got = Trust.fingerprint(pem);
        if (!expected.equals(got.replace(":", ""))) {
            throw new CliException("CA fingerprint mismatch — aborting (possible MITM)\n  expected: " + colons(expected) + "\n  got:      " + got,
                    "check the fingerprint helyosd printed at start (GET /api/v1/ca on the daemon's host)");
        }
    }

    private void confirmPin(String pem) {
        String fp = Trust.fingerprint(pem);
        if (!cli.interactive() || System.console() == null) {
            throw new CliException("refusing to pin the daemon's CA without confirmation (not a terminal)",
                    "pass --ca-fingerprint " + fp + " after checking it against the one helyosd printed, or --ca-file");
        }
        cli.out().println("The server presented a self-signed CA with SHA-256 fingerprint:\n  " + fp);
        String answer = System.console().readLine("Trust and pin this CA? [y/N] ");
        if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
            throw new CliException("login aborted: CA not trusted", "compare the fingerprint with the one helyosd printed at start");
        }
    }

    private String readToken() {
        if (cli.tokenFlag() != null) {
            return cli.tokenFlag().strip();
        }
        if (tokenStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(cli.stdin(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isBlank()) {
                    throw new CliException("--token-stdin: standard input was empty", "echo \"$TOKEN\" | helyos login … --token-stdin");
                }
                return line.strip();
            } catch (IOException e) {
                throw new CliException("--token-stdin: " + e.getMessage(), null);
            }
        }
        String env = cli.env().get("HELYOS_API_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (cli.interactive() && System.console() != null) {
            char[] typed = System.console().readPassword("API token: ");
            if (typed != null && typed.length > 0) {
                return new String(typed).strip();
            }
        }
        throw new CliException("no API token given", "pass --token, --token-stdin or set HELYOS_API_TOKEN");
    }

    static String checkName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new CliException("context name '" + name + "' must be 1-63 letters, digits, '.', '_' or '-'", null);
        }
        return name;
    }

    static String freeName(CliConfig config, String host) {
        String base = host.toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "helyos";
        }
        if (config.context(base) == null) {
            return base;
        }
        for (int i = 2; ; i++) {
            if (config.context(base + "-" + i) == null) {
                return base + "-" + i;
            }
        }
    }

    private static String colons(String hex) {
        return hex.replaceAll("(..)(?!$)", "$1:");
    }
}
