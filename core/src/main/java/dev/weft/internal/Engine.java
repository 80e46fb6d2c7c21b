package dev.weft.internal;

/**
 * Runs task groups. {@code threads} (Weft's own structured scope on virtual threads) is the
 * default; a second engine on the JDK's {@code StructuredTaskScope} plugs in here.
 */
public interface Engine {

    /** The engine's name, as {@code -Dweft.engine} spells it. */
    String name();

    /**
     * Opens a group in the calling thread, which becomes its owner, nested in the calling
     * thread's current scope.
     *
     * @param name the group's name, or null
     */
    GroupCore open(String name);
}
