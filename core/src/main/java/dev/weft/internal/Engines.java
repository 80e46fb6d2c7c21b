package dev.weft.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the engine once per JVM from {@code -Dweft.engine}: {@code threads} (the default) or
 * {@code sts}. An engine that cannot run here falls back to {@code threads}.
 */
public final class Engines {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

    private static final Engine CURRENT = choose(System.getProperty("weft.engine"));

    private Engines() {}

    /** The engine task groups use in this JVM. */
    public static Engine current() {
        return CURRENT;
    }

    static Engine choose(String requested) {
        if (requested == null || requested.isBlank() || requested.equals(ThreadsEngine.NAME)) {
            return ThreadsEngine.INSTANCE;
        }
        LOG.warn("weft.engine={} is not available on this runtime; using {}", requested, ThreadsEngine.NAME);
        return ThreadsEngine.INSTANCE;
    }
}
