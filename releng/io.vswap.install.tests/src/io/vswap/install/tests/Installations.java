package io.vswap.install.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The real things the tests install from and into: the built update site, copies of the built studio
 * product, a hand-written p2 site whose feature needs a bundle nobody has, and a read-only installation.
 */
final class Installations {

    static final String EXAMPLE_FEATURE = "io.vswap.example.pngseq.feature";
    static final String EXAMPLE_BUNDLE = "io.vswap.example.pngseq";

    private Installations() {
    }

    /** releng/io.vswap.site/target/repository, as the build made it. */
    static Path builtSite() {
        Path site = Path.of(System.getProperty("vswap.updateSite")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(site.resolve("content.jar")) || Files.isRegularFile(site.resolve("content.xml.xz")),
                "the update site is built first: " + site);
        return site;
    }

    /** The materialized studio product the build made (not to be written to: copy it). */
    static Path builtStudio() {
        Path product = Path.of(System.getProperty("vswap.studioProduct")).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(product.resolve("p2")) && Files.isDirectory(product.resolve("plugins")),
                "the studio product is built first: " + product);
        return product;
    }

    /** A full copy of the built studio product in {@code into}/vswap-studio (cp keeps the script's execute bit). */
    static Path copyOfStudio(Path into) throws Exception {
        Path copy = into.resolve("vswap-studio");
        Process cp = new ProcessBuilder("cp", "-a", builtStudio().toString(), copy.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor(), "copying the product");
        return copy;
    }

    /**
     * The product's p2 profile and configuration only, without its plugins: enough for p2 to plan an
     * install (which reads metadata only) or to refuse one, in a fraction of a full copy's time.
     */
    static Path profileOnlyCopyOfStudio(Path into) throws Exception {
        Path copy = Files.createDirectories(into.resolve("vswap-studio-profile"));
        for (String part : List.of("p2", "configuration")) {
            Process cp = new ProcessBuilder("cp", "-a", builtStudio().resolve(part).toString(), copy.toString())
                    .inheritIO().start();
            assertEquals(0, cp.waitFor(), "copying " + part);
        }
        Files.createDirectories(copy.resolve("plugins"));
        Files.createDirectories(copy.resolve("features"));
        return copy;
    }

    /** bundles.info of an installation: what it starts with. */
    static String bundlesInfo(Path installation) throws IOException {
        return Files.readString(installation.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"));
    }

    /** The newest state of the installation's p2 profile, as XML. */
    static String newestProfile(Path installation) throws IOException {
        Path registry = installation.resolve("p2/org.eclipse.equinox.p2.engine/profileRegistry/DefaultProfile.profile");
        Path newest;
        try (Stream<Path> states = Files.list(registry)) {
            newest = states.filter(p -> p.getFileName().toString().matches("\\d+\\.profile(\\.gz)?"))
                    .max(Comparator.comparing(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D.*", ""))))
                    .orElseThrow();
        }
        try (InputStream in = newest.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(newest))
                : Files.newInputStream(newest)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A real p2 site, written by hand: one feature group that requires the bundle
     * {@code io.vswap.no.such.bundle}, which no site and no installation has.
     */
    static Path siteNeedingAMissingBundle(Path into) throws IOException {
        return handWrittenSite(into.resolve("needs-missing-site"), """
                    <unit id='io.vswap.test.needsmissing.feature.group' version='1.0.0' singleton='false'>
                      <properties size='3'>
                        <property name='org.eclipse.equinox.p2.name' value='Needs Missing'/>
                        <property name='org.eclipse.equinox.p2.description' value='A feature whose bundle is nowhere.'/>
                        <property name='org.eclipse.equinox.p2.type.group' value='true'/>
                      </properties>
                      <provides size='1'>
                        <provided namespace='org.eclipse.equinox.p2.iu' name='io.vswap.test.needsmissing.feature.group' version='1.0.0'/>
                      </provides>
                      <requires size='1'>
                        <required namespace='osgi.bundle' name='io.vswap.no.such.bundle' range='[1.0.0,2.0.0)'/>
                      </requires>
                      <touchpoint id='null' version='0.0.0'/>
                    </unit>
                """, 1);
    }

    /**
     * A real p2 site, written by hand: one feature group that requires {@code io.vswap.video} 9.0.0, a
     * singleton bundle the site also offers, while the studio's own features require the 0.1.0 it has:
     * both cannot be installed at once.
     */
    static Path siteConflictingWithTheStudio(Path into) throws IOException {
        return handWrittenSite(into.resolve("conflict-site"), """
                    <unit id='io.vswap.test.conflict.feature.group' version='1.0.0' singleton='false'>
                      <properties size='2'>
                        <property name='org.eclipse.equinox.p2.name' value='Needs Another Video Bundle'/>
                        <property name='org.eclipse.equinox.p2.type.group' value='true'/>
                      </properties>
                      <provides size='1'>
                        <provided namespace='org.eclipse.equinox.p2.iu' name='io.vswap.test.conflict.feature.group' version='1.0.0'/>
                      </provides>
                      <requires size='1'>
                        <required namespace='org.eclipse.equinox.p2.iu' name='io.vswap.video' range='[9.0.0,9.0.0]'/>
                      </requires>
                      <touchpoint id='null' version='0.0.0'/>
                    </unit>
                    <unit id='io.vswap.video' version='9.0.0' singleton='true'>
                      <provides size='2'>
                        <provided namespace='org.eclipse.equinox.p2.iu' name='io.vswap.video' version='9.0.0'/>
                        <provided namespace='osgi.bundle' name='io.vswap.video' version='9.0.0'/>
                      </provides>
                      <touchpoint id='null' version='0.0.0'/>
                    </unit>
                """, 2);
    }

    private static Path handWrittenSite(Path site, String units, int count) throws IOException {
        Files.createDirectories(site);
        Files.writeString(site.resolve("content.xml"), """
                <?xml version='1.0' encoding='UTF-8'?>
                <?metadataRepository version='1.2.0'?>
                <repository name='hand-written' type='org.eclipse.equinox.internal.p2.metadata.repository.LocalMetadataRepository' version='1'>
                  <properties size='1'><property name='p2.timestamp' value='1'/></properties>
                  <units size='%d'>
                %s  </units>
                </repository>
                """.formatted(count, units));
        Files.writeString(site.resolve("artifacts.xml"), """
                <?xml version='1.0' encoding='UTF-8'?>
                <?artifactRepository version='1.1.0'?>
                <repository name='hand-written' type='org.eclipse.equinox.p2.artifact.repository.simpleRepository' version='1'>
                  <properties size='1'><property name='p2.timestamp' value='1'/></properties>
                  <mappings size='3'>
                    <rule filter='(&amp; (classifier=osgi.bundle))' output='${repoUrl}/plugins/${id}_${version}.jar'/>
                    <rule filter='(&amp; (classifier=binary))' output='${repoUrl}/binary/${id}_${version}'/>
                    <rule filter='(&amp; (classifier=org.eclipse.update.feature))' output='${repoUrl}/features/${id}_${version}.jar'/>
                  </mappings>
                  <artifacts size='0'/>
                </repository>
                """);
        return site;
    }

    /**
     * The built site's metadata zipped, as a studio might hand a site over (without the plugins: listing
     * reads the metadata only, and zipping 200 MB of natives would take most of the test's time).
     */
    static Path zippedSite(Path into) throws IOException {
        Path site = builtSite();
        Path zip = into.resolve("site.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.list(site)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(site.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    /**
     * Makes {@code folder} read-only for this user, as an administrator's installation is: immutable for
     * root (who ignores permissions), without write permission for anyone else. Returns what undoes it.
     */
    static AutoCloseable readOnly(Path folder) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> on = root ? List.of("chattr", "+i") : List.of("chmod", "a-w");
        List<String> off = root ? List.of("chattr", "-i") : List.of("chmod", "u+w");
        List<Path> parts = List.of(folder, folder.resolve("plugins"), folder.resolve("features"),
                folder.resolve("configuration"), folder.resolve("p2"));
        for (Path p : parts) {
            run(on, p);
        }
        return () -> {
            for (Path p : parts) {
                run(off, p);
            }
        };
    }

    private static void run(List<String> command, Path p) throws Exception {
        List<String> c = new java.util.ArrayList<>(command);
        c.add(p.toString());
        assertEquals(0, new ProcessBuilder(c).inheritIO().start().waitFor(), String.join(" ", c));
    }
}
