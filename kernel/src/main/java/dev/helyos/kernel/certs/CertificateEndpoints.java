package dev.helyos.kernel.certs;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/** {@code /api/v1/certs}: list, one, forced renewal, and import (bring your own). Keys never leave. */
public final class CertificateEndpoints {

    private CertificateEndpoints() {
    }

    public static void register(Api api, CertificateService certs, CertificateViews views, RenewalLoop renewals, IssuerCatalog issuers) {
        api.get("/api/v1/certs/issuers", request -> ApiResponse.ok(issuers.list()));
        api.get("/api/v1/certs/issuers/{id}", request -> ApiResponse.ok(issuers.get(request.pathParam("id"))));
        api.get("/api/v1/certs", request -> {
            Map<String, CertificateView.Attempt> open = new TreeMap<>(views.attempts());
            List<CertificateView> all = new ArrayList<>();
            for (CertificateRecord record : certs.list()) {
                all.add(views.of(record).with(open.remove(record.domain())));
            }
            open.forEach((domain, attempt) -> all.add(CertificateView.withoutCertificate(domain, attempt)));
            all.sort(Comparator.comparing(CertificateView::domain));
            return ApiResponse.ok(all);
        });
        api.get("/api/v1/certs/{domain}", request -> {
            String domain = request.pathParam("domain");
            CertificateView.Attempt attempt = views.attempts().get(domain);
            var record = certs.find(domain);
            if (record.isEmpty() && attempt != null) {
                return ApiResponse.ok(CertificateView.withoutCertificate(domain, attempt));
            }
            return ApiResponse.ok(views.of(certs.get(domain)).with(attempt));
        });
        api.post("/api/v1/certs/{domain}/renew", request ->
                ApiResponse.ok(views.of(renewals.renewNow(request.pathParam("domain")))));
        api.post("/api/v1/certs/import", request -> {
            JsonBody body = request.body().allowOnly(Set.of("domain", "cert_pem", "key_pem"));
            CertificateRecord record = certs.importCertificate(body.string("domain"), body.string("cert_pem"), body.string("key_pem"));
            return ApiResponse.created(views.of(record));
        });
    }
}
