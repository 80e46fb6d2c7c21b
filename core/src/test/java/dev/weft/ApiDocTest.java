// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The public API's Javadoc, read from the sources with javac (issue 15): every public type and
 * member of {@code dev.weft} says since when it exists, and every {@code {@snippet}} shows
 * compiled code. The rest of the Javadoc is checked by javadoc itself ({@code -Xdoclint:all},
 * warnings fail the build; see core/pom.xml).
 */
@Timeout(120)
class ApiDocTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/weft");
    private static final String SINCE = "@since 0.1";

    /** A public type or member of the API as declared in the source, and its Javadoc. */
    private record ApiElement(String name, String doc) {}

    /** The package and every type and member declared public (or protected, or implicitly public). */
    private static final List<ApiElement> API = new ArrayList<>();

    @BeforeAll
    static void readSources() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
        List<Path> sources;
        try (Stream<Path> s = Files.list(SOURCES)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        // Parsed, not compiled: the trees hold exactly what the source declares (no generated
        // record or enum members), with its doc comments.
        JavacTask task = (JavacTask) javac.getTask(
                null, files, null, List.of("-proc:none"), null, files.getJavaFileObjectsFromPaths(sources));
        DocTrees docs = DocTrees.instance(task);
        for (CompilationUnitTree unit : task.parse()) {
            if (unit.getSourceFile().getName().endsWith("package-info.java")) {
                TreePath pkg = new TreePath(new TreePath(unit), unit.getPackage());
                API.add(new ApiElement("package dev.weft", docs.getDocComment(pkg)));
                continue;
            }
            String file = Path.of(unit.getSourceFile().toUri()).getFileName().toString();
            var positions = docs.getSourcePositions();
            new TreePathScanner<Void, String>() {
                /** Where a declaration starts, for the failure message: {@code (Queue.java:120)}. */
                private String at(Tree tree) {
                    long line = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, tree));
                    return " (" + file + ":" + line + ")";
                }

                @Override
                public Void visitClass(ClassTree type, String owner) {
                    String name =
                            owner.isEmpty() ? type.getSimpleName().toString() : owner + "." + type.getSimpleName();
                    if (!isApi(type.getModifiers(), getCurrentPath())) {
                        return null;
                    }
                    API.add(new ApiElement(name + at(type), docs.getDocComment(getCurrentPath())));
                    return super.visitClass(type, name);
                }

                @Override
                public Void visitMethod(MethodTree method, String owner) {
                    if (isApi(method.getModifiers(), getCurrentPath())) {
                        String name = method.getName().contentEquals("<init>")
                                ? owner.substring(owner.lastIndexOf('.') + 1)
                                : method.getName().toString();
                        String params = String.join(
                                ", ",
                                method.getParameters().stream()
                                        .map(p -> p.getType().toString())
                                        .toList());
                        API.add(new ApiElement(
                                owner + "." + name + "(" + params + ")" + at(method),
                                docs.getDocComment(getCurrentPath())));
                    }
                    return null; // not into bodies: local and anonymous classes are not API
                }

                @Override
                public Void visitVariable(VariableTree field, String owner) {
                    if (isApi(field.getModifiers(), getCurrentPath()) || isEnumConstant(field, getCurrentPath())) {
                        API.add(new ApiElement(
                                owner + "." + field.getName() + at(field), docs.getDocComment(getCurrentPath())));
                    }
                    return null;
                }
            }.scan(unit, "");
        }
    }

    /** Public or protected, or a member of an interface (implicitly public) that is not private. */
    private static boolean isApi(ModifiersTree modifiers, TreePath path) {
        var flags = modifiers.getFlags();
        if (flags.contains(Modifier.PRIVATE)) {
            return false;
        }
        if (flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)) {
            return true;
        }
        Tree owner = path.getParentPath().getLeaf();
        return owner.getKind() == Tree.Kind.INTERFACE || owner.getKind() == Tree.Kind.ANNOTATION_TYPE;
    }

    /** In the parse tree, an enum constant is a field of the enum's own type with no modifiers. */
    private static boolean isEnumConstant(VariableTree field, TreePath path) {
        Tree owner = path.getParentPath().getLeaf();
        return owner.getKind() == Tree.Kind.ENUM
                && field.getModifiers().getFlags().isEmpty()
                && field.getType() instanceof IdentifierTree type
                && type.getName().contentEquals(((ClassTree) owner).getSimpleName());
    }

    @Test
    void everyApiElement_isDocumentedWithSince() {
        assertThat(API).as("API elements found").hasSizeGreaterThan(150);
        List<String> missing = new ArrayList<>();
        for (ApiElement e : API) {
            if (e.doc() == null || !e.doc().contains(SINCE)) {
                missing.add(e.name());
            }
        }
        assertThat(missing)
                .as("public types and members without '%s' in their Javadoc", SINCE)
                .isEmpty();
    }

    private static final Pattern SNIPPET = Pattern.compile("\\{@snippet([^:}]*)");

    /**
     * Inline snippets are never compiled. Each snippet here is a hybrid one: it names a region
     * of a class in src/test/java/dev/weft/snippets (compiled with the tests), and javadoc fails
     * the build if the inline text differs from that region.
     */
    @Test
    void everySnippet_namesCompiledCode() {
        int snippets = 0;
        List<String> inlineOnly = new ArrayList<>();
        for (ApiElement e : API) {
            if (e.doc() == null) {
                continue;
            }
            Matcher m = SNIPPET.matcher(e.doc());
            while (m.find()) {
                snippets++;
                String attributes = m.group(1);
                if (!attributes.contains("class=dev.weft.snippets.") || !attributes.contains("region=")) {
                    inlineOnly.add(e.name() + ": {@snippet" + attributes);
                }
            }
        }
        assertThat(snippets).as("snippets found").isGreaterThanOrEqualTo(14);
        assertThat(inlineOnly)
                .as("snippets without class=dev.weft.snippets.<Class> region=<name> (so never compiled)")
                .isEmpty();
    }
}
