package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import dev.helyos.cli.CliException;
import dev.helyos.cli.output.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code helyos cert import|renew|issuers|root}: route certificates you bring, a renewal now, who issues them. */
@Command(name = "cert", description = "Import a certificate for a domain, renew one now, or see who issues them.",
        subcommands = {CertCommand.Import.class, CertCommand.Renew.class, CertCommand.Issuers.class, CertCommand.Root.class})
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

    static String issuerPath(String id) {
        return "/api/v1/certs/issuers/" + Cli.path(id);
    }

    @Command(name = "issuers", description = "List the certificate issuers routes can use (--issuer), and the default.")
    static final class Issuers implements Runnable {
        @ParentCommand
        CertCommand parent;

        @Override
        public void run() {
            Cli cli = parent.cli;
            Object issuers = cli.client().get("/api/v1/certs/issuers");
            if (cli.printJson(issuers)) {
                return;
            }
            Table table = new Table("Certificate issuers", "Id", "Kind", "Default", "Description", "Private root");
            for (Object item : (List<?>) issuers) {
                Map<?, ?> i = (Map<?, ?>) item;
                table.row(i.get("id"), i.get("kind"), Boolean.TRUE.equals(i.get("default")) ? "yes" : "", i.get("description"),
                        i.get("roots_pem") == null ? "" : "helyos cert root " + i.get("id"));
            }
            cli.out().print(table.render());
        }
    }

    @Command(name = "root", description = "Print the CA certificate(s) clients must trust for ISSUER's certificates (PEM).")
    static final class Root implements Runnable {
        @ParentCommand
        CertCommand parent;

        @Parameters(paramLabel = "ISSUER")
        String issuer;

        @Override
        public void run() {
            Cli cli = parent.cli;
            Object view = cli.client().get(issuerPath(issuer));
            if (cli.printJson(view)) {
                return;
            }
            Object roots = ((Map<?, ?>) view).get("roots_pem");
            if (roots == null) {
                throw new CliException("issuer " + issuer + " has no private root: its certificates chain to roots clients already trust", null);
            }
            cli.out().print(roots.toString());
        }
    }

    @Command(name = "renew", description = "Renew DOMAIN's certificate now (the current one serves until the new one is in).")
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
                        nextRenewal(c));
            }
            cli.out().print(table.render());
        }

        /**
         * When it renews (or, without a certificate yet, tries again); "(CA)" when the CA's renewal
         * information set that time — the CA's window, not helyosd's own schedule.
         */
        static Object nextRenewal(Map<?, ?> cert) {
            Object next = cert.get("next_renewal");
            if (next == null) {
                return cert.get("next_attempt_at");
            }
            if (cert.get("renewal_info") instanceof Map<?, ?> info && info.get("window_start") != null
                    && !Instant.parse(next.toString()).isBefore(Instant.parse(info.get("window_start").toString()))) {
                return next + " (CA)";
            }
            return next;
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
