package dev.helyos.kernel.certs;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import java.time.Clock;
import java.util.Set;

/** {@code /api/v1/certs}: list, one, and import (bring your own). Keys never leave. */
public final class CertificateEndpoints {

    private CertificateEndpoints() {
    }

    public static void register(Api api, CertificateService certs, Clock clock) {
        api.get("/api/v1/certs", request -> ApiResponse.ok(certs.list().stream()
                .map(r -> CertificateView.of(r, clock.instant())).toList()));
        api.get("/api/v1/certs/{domain}", request -> ApiResponse.ok(CertificateView.of(certs.get(request.pathParam("domain")),
                clock.instant())));
        api.post("/api/v1/certs/import", request -> {
            JsonBody body = request.body().allowOnly(Set.of("domain", "cert_pem", "key_pem"));
            CertificateRecord record = certs.importCertificate(body.string("domain"), body.string("cert_pem"), body.string("key_pem"));
            return ApiResponse.created(CertificateView.of(record, clock.instant()));
        });
    }
}
