// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import java.io.IOException;

/**
 * What the README's code blocks may use without declaring it (see {@link ReadmeCodeTest}): the
 * stand-ins a reader imagines, such as {@code fetch(url)}.
 */
public class ReadmeStubs {

    /**
     * Stands for an HTTP GET returning the page.
     *
     * @param url the address
     * @return the page
     * @throws IOException as a real fetch may
     */
    public static String fetch(String url) throws IOException {
        return "<html>" + url + "</html>";
    }

    /** What the README's executor example combines: some data and a page. */
    public record Report(String data, String page) {}

    /** The request the README's HTTP examples send (to a port nothing listens on). */
    public final java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:9/"))
            .build();

    /** An id to load. */
    public final String id = "42";

    /**
     * Stands for a database load.
     *
     * @param key what to load
     * @return the data
     */
    public String load(String key) {
        return "data of " + key;
    }
}
