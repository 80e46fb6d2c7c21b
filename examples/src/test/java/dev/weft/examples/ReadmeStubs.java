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
}
