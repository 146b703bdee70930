package dev.helyos.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * What every Helyos extension has: an id the operator selects it by with a daemon flag
 * ({@code --store mapdb}, {@code --proxy-backend nginx}, ...). Ids are lowercase, short and stable;
 * two installed extensions of one kind must not share an id.
 */
public interface HelyosExtension extends ExtensionPoint {

    /** The id an operator selects this extension by. */
    String id();
}
