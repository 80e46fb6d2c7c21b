// SPDX-License-Identifier: Apache-2.0
/**
 * Bridges Micrometer's context-propagation into Weft: every {@code ThreadLocalAccessor}
 * registered with {@code io.micrometer.context.ContextRegistry} reaches every task Weft starts.
 */
module dev.weft.contextpropagation {
    requires dev.weft;
    requires context.propagation;

    exports dev.weft.contextpropagation;

    provides dev.weft.ContextPropagator with
            dev.weft.contextpropagation.MicrometerContextPropagator;
}
