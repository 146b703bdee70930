package dev.helyos.kernel.nodes;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;

/** {@code /api/v1/nodes}: the helyosd nodes on this store, up or down. */
public final class NodeEndpoints {
    private NodeEndpoints() {
    }

    public static void register(Api api, NodeRegistry nodes) {
        api.get("/api/v1/nodes", request -> ApiResponse.ok(nodes.list()));
        api.get("/api/v1/nodes/{name}", request -> ApiResponse.ok(nodes.get(request.pathParam("name"))));
    }
}
