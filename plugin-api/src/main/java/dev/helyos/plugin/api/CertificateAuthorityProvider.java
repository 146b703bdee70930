package dev.helyos.plugin.api;

/**
 * An ACME certificate authority, selected by id with {@code --acme-ca} ({@code letsencrypt},
 * {@code zerossl}, …). It only says where the CA's ACME directory is and what an account there
 * needs; helyosd runs the protocol (accounts, orders, HTTP-01, renewal) itself.
 */
public interface CertificateAuthorityProvider extends HelyosExtension {

    /**
     * The directory to use.
     *
     * @throws IllegalArgumentException when the context does not fit this CA (a directory URL it
     *     needs is missing, say); the message is shown to the operator as it is
     */
    AcmeDirectory directory(CertificateAuthorityContext context);
}
