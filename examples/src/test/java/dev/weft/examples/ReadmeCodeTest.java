// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles against Weft (issue 15), so the README
 * cannot drift from the API.
 *
 * <p>A block is compiled as it stands when it declares a type. Otherwise its leading
 * {@code import} lines stay imports and the rest becomes the body of a method that may throw
 * anything, in a class extending {@link ReadmeStubs}: the one thing a block may use without
 * declaring it is a stub from there (such as {@code fetch(url)}). Nothing else is added: a
 * block that forgets an import fails here.
 */
@Timeout(120)
class ReadmeCodeTest {

    private static final Path README = Path.of("../README.md");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("(?m)^(public |final |abstract |sealed )*(class|interface|record|enum) ");

    /** One {@code ```java} block, with the README line it starts on. */
    record Block(int line, String code) {}

    static List<Block> javaBlocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```java")) {
                int start = i + 1;
                StringBuilder code = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(start + 1, code.toString()));
            }
        }
        return blocks;
    }

    /** The compilation unit for a block: as it stands, or its statements wrapped in a method. */
    static String unit(Block block, String className) {
        if (TYPE_DECLARATION.matcher(block.code()).find()) {
            return block.code();
        }
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean inImports = true;
        for (String line : block.code().split("\n", -1)) {
            String s = line.strip();
            if (inImports && (s.startsWith("import ") || s.isEmpty())) {
                imports.append(line).append('\n');
            } else {
                inImports = false;
                body.append("        ").append(line).append('\n');
            }
        }
        return imports + "public class " + className + " extends " + ReadmeStubs.class.getName() + " {\n"
                + "    @SuppressWarnings(\"unused\")\n"
                + "    void block() throws Exception {\n" + body + "    }\n}\n";
    }

    @Test
    void everyJavaBlockOfTheReadme_compiles(@TempDir Path out) throws IOException {
        List<Block> blocks = javaBlocks(Files.readAllLines(README));
        assertThat(blocks).as("```java blocks in %s", README).hasSizeGreaterThanOrEqualTo(2);
        assertThat(compile(blocks, out))
                .as("compile errors in README java blocks")
                .isEmpty();
    }

    /** What the README's "Imports" note claims: without Weft's single-type import, Queue is ambiguous. */
    @Test
    void importsNote_withoutTheSingleTypeImport_isAnAmbiguityError(@TempDir Path out) throws IOException {
        Block note = javaBlocks(Files.readAllLines(README)).stream()
                .filter(b -> b.code().contains("import dev.weft.Queue;"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README's Imports block is gone"));
        Block starOnly = new Block(note.line(), note.code().replaceAll("(?m)^import dev\\.weft\\.Queue;.*\n", ""));
        assertThat(compile(List.of(starOnly), out))
                .anySatisfy(e -> assertThat(e).contains("reference to Queue is ambiguous"));
    }

    /** Compiles the blocks together; returns the errors, each with the unit it was found in. */
    private static List<String> compile(List<Block> blocks, Path out) {
        List<JavaFileObject> units = new ArrayList<>();
        for (Block b : blocks) {
            String name = "ReadmeLine" + b.line();
            String source = unit(b, name);
            String className = TYPE_DECLARATION.matcher(b.code()).find() ? declaredName(b.code()) : name;
            units.add(new SimpleJavaFileObject(Path.of(className + ".java").toUri(), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }

                @Override
                public String toString() {
                    return "README.md block at line " + b.line() + ", compiled as:\n" + source;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        javac.getTask(
                        null,
                        null,
                        diagnostics,
                        List.of(
                                "--release",
                                "21",
                                "-proc:none",
                                "-d",
                                out.toString(),
                                "-classpath",
                                System.getProperty("java.class.path")),
                        null,
                        units)
                .call();
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT) + "\nin " + d.getSource())
                .toList();
    }

    private static String declaredName(String code) {
        var m = Pattern.compile("(class|interface|record|enum) (\\w+)").matcher(code);
        return m.find() ? m.group(2) : "Block";
    }

    // ---- the harness itself ----

    @Test
    void javaBlocks_findsOnlyJavaFences() {
        List<Block> blocks = javaBlocks(List.of("text", "```java", "int x = 1;", "```", "```bash", "ls", "```"));
        assertThat(blocks).containsExactly(new Block(3, "int x = 1;\n"));
    }

    @Test
    void unit_keepsImportsAndWrapsStatements() {
        String unit = unit(new Block(7, "import java.util.List;\n\nList<String> l = List.of();\n"), "ReadmeLine7");
        assertThat(unit)
                .startsWith("import java.util.List;\n")
                .contains("public class ReadmeLine7 extends dev.weft.examples.ReadmeStubs {")
                .contains("        List<String> l = List.of();");
    }
}
