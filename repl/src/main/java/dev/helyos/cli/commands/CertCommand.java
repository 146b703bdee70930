package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.output.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos cert import|renew}: route certificates you bring, or a renewal now. */
@Command(name = "cert", description = "Import a certificate for a domain, or renew one now.",
        subcommands = {CertCommand.Import.class, CertCommand.Renew.class})
public final class CertCommand {
    @ParentCommand
    Cli cli;

    static String path(String domain) {
        return "/api/v1/certs/" + Cli.path(domain);
    }

    static Map<String, Object> importBody(String domain, String certPem, String keyPem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", domain);
        body.put("cert_pem", certPem);
        body.put("key_pem", keyPem);
        return body;
    }

    @Command(name = "import", description = "Serve your own certificate for DOMAIN (its route's TLS mode becomes manual).")
    static final class Import implements Runnable {
        @ParentCommand
        CertCommand parent;

        @Parameters(paramLabel = "DOMAIN")
        String domain;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The certificate with its chain (PEM)")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Its private key (PEM, unencrypted)")
        Path key;

        @Override
        public void run() {
            Cli cli = parent.cli;
            Object view = cli.client().post("/api/v1/certs/import", importBody(domain, read(cert, "--cert"), read(key, "--key")));
            if (!cli.printJson(view)) {
                Map<?, ?> v = (Map<?, ?>) view;
                cli.out().success("Imported the certificate for " + v.get("domain") + " (valid until " + v.get("not_after")
                        + ", " + v.get("days_left") + " days left); the key is stored sealed");
            }
        }

        private static String read(Path file, String flag) {
            try {
                return Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CliException("cannot read " + flag + " " + file + ": no such file", null);
            } catch (IOException e) {
                throw new CliException("cannot read " + flag + " " + file + ": " + e.getMessage(), null);
            }
        }
    }

    @Command(name = "renew", description = "Renew DOMAIN's ACME certificate now (the current one serves until the new one is in).")
    static final class Renew implements Runnable {
        @ParentCommand
        CertCommand parent;

        @Parameters(paramLabel = "DOMAIN")
        String domain;

        @Override
        public void run() {
            Cli cli = parent.cli;
            Object view = cli.client().post(path(domain) + "/renew", Map.of());
            if (!cli.printJson(view)) {
                Map<?, ?> v = (Map<?, ?>) view;
                cli.out().success("Renewed " + v.get("domain") + ": serial " + v.get("serial") + ", valid until " + v.get("not_after"));
            }
        }
    }

    /** {@code helyos certs}: every route certificate and how it is doing. */
    @Command(name = "certs", description = "List route certificates: source, issuer, expiry, status, last error, next renewal.")
    public static final class List_ implements Runnable {
        @ParentCommand
        Cli cli;

        @Override
        public void run() {
            Object certs = cli.client().get("/api/v1/certs");
            if (cli.printJson(certs)) {
                return;
            }
            Table table = new Table("Certificates", "Domain", "Source", "Issuer", "Not after", "Days left", "Status",
                    "Last error", "Next renewal");
            for (Object item : (List<?>) certs) {
                Map<?, ?> c = (Map<?, ?>) item;
                table.row(c.get("domain"), c.get("source"), shortIssuer(c.get("issuer")), c.get("not_after"),
                        c.get("not_after") == null ? null : c.get("days_left"), c.get("status"), c.get("last_error"),
                        c.get("next_renewal") != null ? c.get("next_renewal") : c.get("next_attempt_at"));
            }
            cli.out().print(table.render());
        }

        /** The CN of an issuer's distinguished name, which is what people recognise. */
        private static String shortIssuer(Object issuer) {
            if (issuer == null) {
                return null;
            }
            for (String part : issuer.toString().split(",")) {
                if (part.strip().startsWith("CN=")) {
                    return part.strip().substring(3);
                }
            }
            return issuer.toString();
        }
    }
}
