package dev.helyos.kernel.routes;

/**
 * A public domain served by a deployment (README "Routes"). {@code tlsMode} is {@code none}, {@code
 * auto} (a certificate helyosd gets and renews) or {@code manual} (an imported certificate).
 *
 * @param issuer for {@code auto}: who issues its certificate, {@code acme} (the ACME CA of {@code
 *     --acme-ca}) or the id of a certificate issuer plugin; null otherwise (and in routes stored
 *     before issuers existed, which are ACME)
 */
public record Route(String domain, String project, String deployment, String tlsMode, String issuer, String createdAt) {
    public static final String NONE = "none";
    public static final String AUTO = "auto";
    public static final String MANUAL = "manual";

    public Route withTls(String mode, String certificateIssuer) {
        return new Route(domain, project, deployment, mode, mode.equals(AUTO) ? certificateIssuer : null, createdAt);
    }

    /**
     * The issuer of an {@code auto} route's certificate, null for other modes. Routes stored before
     * they named one get theirs from ACME.
     */
    public String certificateIssuer() {
        return !tlsMode.equals(AUTO) ? null : issuer == null ? "acme" : issuer;
    }
}
