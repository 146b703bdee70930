package dev.helyos.kernel.projects;

import dev.helyos.kernel.api.ApiException;
import java.util.regex.Pattern;

/** DNS-safe names (reference §6): projects, deployments. */
public final class Names {
    private static final Pattern DNS_SAFE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private Names() {
    }

    /** @throws ApiException 422 with the message users know */
    public static String dnsSafe(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.unprocessable(field + " is required");
        }
        if (!DNS_SAFE.matcher(value).matches()) {
            throw ApiException.unprocessable(field + " must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '"
                    + ApiException.shorten(value) + "')" + (value.length() > 63 ? ", at most 63 characters" : ""));
        }
        return value;
    }
}
