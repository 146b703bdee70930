package dev.helyos.kernel.certs;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import dev.helyos.kernel.issuers.IssuerCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Set;

/** {@code /api/v1/certs}: list, one, forced renewal, and import (bring your own). Keys never leave. */
public final class CertificateEndpoints {

    /** A forced renewal that waits for its result. */
    @FunctionalInterface
    public interface Renewal {
        CertificateRecord renew(String domain) throws InterruptedException;
    }

    private CertificateEndpoints() {
    }

    /**
     * @param attempts the domains whose certificate is being ordered or failed to be, by domain
     * @param view a stored certificate as the API shows it
     * @param renew forced renewal of one domain
     */
    public static void register(Api api, CertificateService certs, Function<CertificateRecord, CertificateView> view,
                                Supplier<Map<String, CertificateView.Attempt>> attempts, Renewal renew, IssuerCatalog issuers) {
        api.get("/api/v1/certs/issuers", request -> ApiResponse.ok(issuers.list()));
        api.get("/api/v1/certs/issuers/{id}", request -> ApiResponse.ok(issuers.get(request.pathParam("id"))));
        api.get("/api/v1/certs", request -> {
            Map<String, CertificateView.Attempt> open = new TreeMap<>(attempts.get());
            List<CertificateView> views = new ArrayList<>();
            for (CertificateRecord record : certs.list()) {
                views.add(view.apply(record).with(open.remove(record.domain())));
            }
            open.forEach((domain, attempt) -> views.add(CertificateView.withoutCertificate(domain, attempt)));
            views.sort(Comparator.comparing(CertificateView::domain));
            return ApiResponse.ok(views);
        });
        api.get("/api/v1/certs/{domain}", request -> {
            String domain = request.pathParam("domain");
            CertificateView.Attempt attempt = attempts.get().get(domain);
            var record = certs.find(domain);
            if (record.isEmpty() && attempt != null) {
                return ApiResponse.ok(CertificateView.withoutCertificate(domain, attempt));
            }
            return ApiResponse.ok(view.apply(certs.get(domain)).with(attempt));
        });
        api.post("/api/v1/certs/{domain}/renew", request ->
                ApiResponse.ok(view.apply(renew.renew(request.pathParam("domain")))));
        api.post("/api/v1/certs/import", request -> {
            JsonBody body = request.body().allowOnly(Set.of("domain", "cert_pem", "key_pem"));
            CertificateRecord record = certs.importCertificate(body.string("domain"), body.string("cert_pem"), body.string("key_pem"));
            return ApiResponse.created(view.apply(record));
        });
    }
}
