package dev.helyos.cli.commands;

import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;
import java.util.Map;

/**
 * Scripts' {@code helyos.certs.list()}, {@code .renew(domain)}, {@code .issuers()}, {@code .root(issuer)}
 * (the PEM to trust, or null) and {@code .import(domain, certPem, keyPem)} (with {@code --allow-io}, {@code io.readFile} reads the PEM files): {@link CertCommand} for JS.
 */
public final class CertsBinding implements ScriptBinding {
    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.certs.list", args -> api.client().get("/api/v1/certs"));
        api.function("helyos.certs.renew", args -> api.client().post(CertCommand.path(args.string(0, "the domain")) + "/renew", Map.of()));
        api.function("helyos.certs.issuers", args -> api.client().get("/api/v1/certs/issuers"));
        api.function("helyos.certs.root", args -> ((Map<?, ?>) api.client().get(CertCommand.issuerPath(args.string(0, "the issuer id"))))
                .get("roots_pem"));
        api.function("helyos.certs.import", args -> api.client().post("/api/v1/certs/import", CertCommand.importBody(
                args.string(0, "the domain"), args.string(1, "the certificate PEM"), args.string(2, "the private key PEM"))));
    }
}
