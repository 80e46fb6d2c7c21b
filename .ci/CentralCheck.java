// SPDX-License-Identifier: Apache-2.0
//
// Checks a Maven Central upload bundle before it is uploaded, so that a release cannot fail at
// upload time: the files and POM fields that Central's publishing requirements name (POM with
// coordinates, name, description, url, licences, developers, scm; a sources and a Javadoc jar
// beside each jar; .md5 and .sha1 checksums and an .asc signature for every file), checksums
// that match, and what the project promises its users (weft-core needs nothing but slf4j-api
// at run time).
//
// Usage (a single-file program; JDK 21+):
//   java .ci/CentralCheck.java [--mode=verify|release] [--upload=true]
//        [--runtime-dependencies=group:artifact,...] BUNDLE_DIR...
//
// BUNDLE_DIR is laid out as a Maven repository (group/as/path/artifact/version/files), as the
// build writes it to <module>/target/central-bundle and as the Central Portal takes it (zipped).
//   --mode=verify   a plain build: unsigned files are expected (only a release build signs).
//   --mode=release  a release build: unsigned files get a loud warning (no key configured).
//   --upload=true   the bundle is about to be uploaded: every file must be signed and no
//                   version may be a SNAPSHOT; any problem fails.
//   --runtime-dependencies  the exact set of dependencies users get at run time (compile or
//                   runtime scope, not optional); anything else fails.
// Exits 0 when every check passed, 1 otherwise.

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

public class CentralCheck {

    private static final String TAG = "[central-check] ";
    /** Checksums Central requires for every file, and the ones it also accepts. */
    private static final Map<String, String> REQUIRED_SUMS = Map.of(".md5", "MD5", ".sha1", "SHA-1");
    private static final Map<String, String> OPTIONAL_SUMS = Map.of(".sha256", "SHA-256", ".sha512", "SHA-512");

    private final String mode;
    private final boolean upload;
    private final Set<String> runtimeDependencies;
    private final List<String> failures = new ArrayList<>();
    private int passed;
    private int unsigned;

    CentralCheck(String mode, boolean upload, Set<String> runtimeDependencies) {
        this.mode = mode;
        this.upload = upload;
        this.runtimeDependencies = runtimeDependencies;
    }

    public static void main(String[] args) throws Exception {
        String mode = "verify";
        boolean upload = false;
        Set<String> runtime = null;
        List<Path> bundles = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--mode=")) {
                mode = a.substring("--mode=".length());
            } else if (a.startsWith("--upload=")) {
                upload = Boolean.parseBoolean(a.substring("--upload=".length()));
            } else if (a.startsWith("--runtime-dependencies=")) {
                runtime = new TreeSet<>(List.of(a.substring("--runtime-dependencies=".length()).split(",")));
            } else if (a.startsWith("--")) {
                System.err.println(TAG + "unknown option " + a);
                System.exit(2);
            } else {
                bundles.add(Path.of(a));
            }
        }
        if (bundles.isEmpty() || !Set.of("verify", "release").contains(mode)) {
            System.err.println("usage: java .ci/CentralCheck.java [--mode=verify|release] [--upload=true]"
                    + " [--runtime-dependencies=g:a,...] BUNDLE_DIR...");
            System.exit(2);
        }
        CentralCheck check = new CentralCheck(mode, upload, runtime);
        for (Path bundle : bundles) {
            check.bundle(bundle);
        }
        System.exit(check.report() ? 0 : 1);
    }

    // ---- the checks ----

    void bundle(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            fail(root + " is not a directory (was the module built with `verify`?)");
            return;
        }
        List<Path> poms;
        try (Stream<Path> files = Files.walk(root)) {
            poms = files.filter(p -> p.toString().endsWith(".pom")).sorted().toList();
        }
        if (poms.isEmpty()) {
            fail(root + ": no .pom file, so no component to publish");
        }
        for (Path pom : poms) {
            component(root, pom);
        }
    }

    private void component(Path root, Path pomFile) throws Exception {
        Element pom = parse(pomFile);
        String group = text(pom, "groupId");
        String artifact = text(pom, "artifactId");
        String version = text(pom, "version");
        String packaging = text(pom, "packaging");
        String id = group + ":" + artifact + ":" + version;
        System.out.println(TAG + "checking " + id + " in " + root);

        // Coordinates: present, resolved, where a repository expects them.
        check(!group.isEmpty() && !artifact.isEmpty() && !version.isEmpty(), id + ": POM has groupId, artifactId and version");
        check(pom.getElementsByTagName("parent").getLength() == 0,
                id + ": POM has no <parent> (it is flattened: the parent is not published)");
        check(!Files.readString(pomFile).contains("${"), id + ": POM has no unresolved ${...} expression");
        check("4.0.0".equals(text(pom, "modelVersion")), id + ": POM modelVersion is 4.0.0");
        Path dir = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        check(pomFile.getParent().equals(dir), id + ": files are under " + root.relativize(dir));
        String base = artifact + "-" + version;
        check(pomFile.getFileName().toString().equals(base + ".pom"), id + ": POM is named " + base + ".pom");
        boolean snapshot = version.endsWith("-SNAPSHOT");
        if (upload) {
            check(!snapshot, id + ": version is a release, not a SNAPSHOT (Central refuses snapshots in a bundle)");
        } else if (snapshot) {
            note(id + ": a SNAPSHOT version: fine for this check, refused by Central at upload");
        }

        // The metadata Central requires.
        check(!text(pom, "name").isEmpty(), id + ": POM has a <name>");
        check(!text(pom, "description").isEmpty(), id + ": POM has a <description>");
        check(text(pom, "url").startsWith("https://"), id + ": POM has a <url> (https)");
        List<Element> licenses = children(child(pom, "licenses"), "license");
        check(!licenses.isEmpty() && licenses.stream().allMatch(l -> !text(l, "name").isEmpty() && !text(l, "url").isEmpty()),
                id + ": POM names its licence(s), each with a name and a url");
        List<Element> developers = children(child(pom, "developers"), "developer");
        check(!developers.isEmpty() && developers.stream().allMatch(d -> !text(d, "name").isEmpty()),
                id + ": POM lists developers, each with a name");
        Element scm = child(pom, "scm");
        check(scm != null && !text(scm, "url").isEmpty() && !text(scm, "connection").isEmpty(),
                id + ": POM has <scm> with <url> and <connection>");

        // The project's own promise about what users get at run time.
        Set<String> runtime = new TreeSet<>();
        for (Element d : children(child(pom, "dependencies"), "dependency")) {
            String scope = text(d, "scope");
            String dep = text(d, "groupId") + ":" + text(d, "artifactId");
            if (upload) {
                check(!text(d, "version").endsWith("-SNAPSHOT"), id + ": dependency " + dep + " is not a SNAPSHOT");
            }
            if ((scope.isEmpty() || scope.equals("compile") || scope.equals("runtime")) && !"true".equals(text(d, "optional"))) {
                runtime.add(dep);
            }
        }
        if (runtimeDependencies != null) {
            check(runtime.equals(runtimeDependencies),
                    id + ": run-time dependencies are exactly " + runtimeDependencies + " (found " + runtime + ")");
        }

        // The files: the POM, and for a jar the jar, its sources and its Javadoc.
        List<Path> files = new ArrayList<>(List.of(pomFile));
        if (packaging.isEmpty() || packaging.equals("jar")) {
            Path jar = dir.resolve(base + ".jar");
            Path sources = dir.resolve(base + "-sources.jar");
            Path javadoc = dir.resolve(base + "-javadoc.jar");
            for (Path p : List.of(jar, sources, javadoc)) {
                if (check(Files.isRegularFile(p), id + ": " + p.getFileName() + " is present")) {
                    files.add(p);
                }
            }
            jarHas(jar, e -> e.getName().endsWith(".class"), id, "classes");
            jarHas(jar, e -> e.getName().equals("META-INF/LICENSE"), id, "META-INF/LICENSE");
            jarHas(sources, e -> e.getName().endsWith(".java"), id, "Java sources");
            jarHas(javadoc, e -> e.getName().endsWith("index.html"), id, "an index.html");
        }

        // Checksums and signatures of every file.
        for (Path f : files) {
            for (var sum : REQUIRED_SUMS.entrySet()) {
                Path s = Path.of(f + sum.getKey());
                if (check(Files.isRegularFile(s), id + ": " + s.getFileName() + " is present")) {
                    checksum(f, s, sum.getValue(), id);
                }
            }
            for (var sum : OPTIONAL_SUMS.entrySet()) {
                Path s = Path.of(f + sum.getKey());
                if (Files.isRegularFile(s)) {
                    checksum(f, s, sum.getValue(), id);
                }
            }
            Path asc = Path.of(f + ".asc");
            if (Files.isRegularFile(asc)) {
                check(Files.readString(asc).startsWith("-----BEGIN PGP SIGNATURE-----"),
                        id + ": " + asc.getFileName() + " is an ASCII-armoured PGP signature");
            } else if (upload) {
                fail(id + ": " + asc.getFileName() + " is missing: Central requires every file signed");
            } else {
                unsigned++;
            }
        }
    }

    private void jarHas(Path jar, java.util.function.Predicate<ZipEntry> test, String id, String what) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            check(zip.stream().anyMatch(test), id + ": " + jar.getFileName() + " holds " + what);
        } catch (IOException e) {
            fail(id + ": " + jar.getFileName() + " is not a readable jar: " + e.getMessage());
        }
    }

    private void checksum(Path file, Path sumFile, String algorithm, String id) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        String expected = HexFormat.of().formatHex(md.digest());
        String[] recorded = Files.readString(sumFile).trim().split("\\s+");
        check(recorded.length > 0 && recorded[0].equalsIgnoreCase(expected),
                id + ": " + sumFile.getFileName() + " matches the file");
    }

    // ---- results ----

    private boolean check(boolean ok, String what) {
        if (ok) {
            passed++;
        } else {
            fail(what);
        }
        return ok;
    }

    private void fail(String what) {
        failures.add(what);
        System.out.println(TAG + "FAILED: " + what);
    }

    private static void note(String what) {
        System.out.println(TAG + "note: " + what);
    }

    boolean report() {
        if (unsigned > 0) {
            if (mode.equals("release")) {
                System.out.println(TAG + "WARNING: SIGNING WAS SKIPPED: " + unsigned + " files have no .asc signature,"
                        + " because no signing key is configured (set MAVEN_GPG_KEY and MAVEN_GPG_PASSPHRASE, or pass"
                        + " -Dgpg.keyname=KEYID for a key in your gpg keyring). Central will refuse this bundle.");
            } else {
                note(unsigned + " files unsigned, as in every plain build (a release build, -Prelease, signs when a key is configured)");
            }
        }
        if (failures.isEmpty()) {
            System.out.println(TAG + "all " + passed + " checks passed" + (upload ? " (ready to upload)" : ""));
            return true;
        }
        System.out.println(TAG + failures.size() + " of " + (passed + failures.size()) + " checks FAILED:");
        for (String f : failures) {
            System.out.println(TAG + "  - " + f);
        }
        return false;
    }

    // ---- POM reading ----

    private static Element parse(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(pom.toFile());
        return doc.getDocumentElement();
    }

    /** The direct child element named {@code name}, or null. */
    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    /** The trimmed text of the direct child {@code name}, or "" if there is none. */
    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
