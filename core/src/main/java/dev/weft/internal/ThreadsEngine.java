package dev.weft.internal;

/** The default engine: Weft's own structured scope, one virtual thread per task. */
final class ThreadsEngine implements Engine {

    static final String NAME = "threads";
    static final ThreadsEngine INSTANCE = new ThreadsEngine();

    private ThreadsEngine() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GroupCore open(String name) {
        return ThreadsGroup.open(name);
    }
}
