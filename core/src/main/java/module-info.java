/**
 * Weft: structured concurrency for Java 21+ in the vocabulary of Python's asyncio, on virtual
 * threads. Everything users touch is in {@link dev.weft}; {@code dev.weft.internal} is not
 * exported.
 */
module dev.weft {
    requires org.slf4j;

    exports dev.weft;

    uses dev.weft.ContextPropagator;
}
