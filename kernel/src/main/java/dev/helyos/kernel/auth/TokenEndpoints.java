package dev.helyos.kernel.auth;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import java.util.Set;

/** {@code /api/v1/tokens} and {@code /api/v1/whoami} (README "API"). */
public final class TokenEndpoints {
    private TokenEndpoints() {
    }

    record TokenView(String id, String name, String scope, String createdAt, String expiresAt, String lastUsedAt) {
        static TokenView of(TokenRecord r) {
            return new TokenView(r.id(), r.name(), r.scope(), r.createdAt(), r.expiresAt(), r.lastUsedAt());
        }
    }

    record CreatedView(String id, String name, String token, String scope, String createdAt, String expiresAt) {
    }

    record WhoamiView(String name, String scope, String createdAt, String expiresAt, String lastUsedAt) {
    }

    public static void register(Api api, TokenService tokens) {
        api.post("/api/v1/tokens", req -> {
            JsonBody body = req.body().allowOnly(Set.of("name", "scope", "ttl_secs"));
            String name = body.string("name");
            String scopeId = body.string("scope");
            Scope scope = scopeId == null ? Scope.ADMIN : Scope.parse(scopeId);
            if (scope == null) {
                throw ApiException.unprocessable("scope must be one of " + Scope.ids() + " (got '" + ApiException.shorten(scopeId) + "')");
            }
            TokenService.Created created = tokens.create(name, scope, body.integer("ttl_secs"));
            TokenRecord r = created.record();
            return ApiResponse.created(new CreatedView(r.id(), r.name(), created.secret(), r.scope(), r.createdAt(), r.expiresAt()));
        });
        api.get("/api/v1/tokens", req -> ApiResponse.ok(tokens.list().stream().map(TokenView::of).toList()));
        api.delete("/api/v1/tokens/{name}", req -> {
            tokens.revoke(req.pathParam("name"));
            return ApiResponse.noContent();
        });
        api.get("/api/v1/whoami", req -> {
            TokenRecord r = req.tokenName().flatMap(tokens::find).orElseThrow(ApiException::unauthorized);
            return ApiResponse.ok(new WhoamiView(r.name(), r.scope(), r.createdAt(), r.expiresAt(), r.lastUsedAt()));
        });
    }
}
