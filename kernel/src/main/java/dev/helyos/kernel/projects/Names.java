package dev.helyos.kernel.projects;

import dev.helyos.kernel.errors.Refused;
import java.util.regex.Pattern;

/** DNS-safe names (README "Deployment spec"): projects, deployments. */
public final class Names {
    private static final Pattern DNS_SAFE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private Names() {
    }

    /** @throws Refused invalid, with the message users know */
    public static String dnsSafe(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw Refused.invalid(field + " is required");
        }
        if (!DNS_SAFE.matcher(value).matches()) {
            throw Refused.invalid(field + " must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '"
                    + Refused.shorten(value) + "')" + (value.length() > 63 ? ", at most 63 characters" : ""));
        }
        return value;
    }
}
