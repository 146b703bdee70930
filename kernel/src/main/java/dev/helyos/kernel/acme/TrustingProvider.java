package dev.helyos.kernel.acme;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** acme4j's generic provider, talking to the CA's API with a given TLS trust (a private root added). */
final class TrustingProvider extends GenericAcmeProvider {
    private final SSLContext ssl;

    TrustingProvider(SSLContext ssl) {
        this.ssl = ssl;
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.getTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(ssl)
                .build();
    }
}
