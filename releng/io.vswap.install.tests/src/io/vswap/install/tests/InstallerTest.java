package io.vswap.install.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.install.api.InstallProblem;
import io.vswap.install.api.Installation;
import io.vswap.install.api.SiteFeature;
import io.vswap.install.api.SoftwareInstaller;
import io.vswap.testing.TestServices;

/**
 * The headless installer on real p2: the built update site's features listed (from its folder and
 * from a zip of it), and every way an install goes wrong said in words with p2's report kept for the
 * details.
 */
class InstallerTest {

    @TempDir
    Path temp;

    private final SoftwareInstaller installer = TestServices.await(SoftwareInstaller.class);

    @Test
    void theBuiltSitesFeaturesAreListedWithNameVersionAndDescription() throws Exception {
        URI site = installer.siteLocation(Installations.builtSite().toString());
        assertEquals("file", site.getScheme(), "a folder becomes a file: URI: " + site);
        List<SiteFeature> features = installer.features(site, new NullProgressMonitor());
        SiteFeature example = features.stream().filter(f -> f.featureId().equals(Installations.EXAMPLE_FEATURE))
                .findFirst().orElseThrow(() -> new AssertionError("the example is offered: " + features));
        assertEquals(Installations.EXAMPLE_FEATURE + ".feature.group", example.id());
        assertTrue(example.version().startsWith("0.1.0."), example.version());
        assertFalse(example.name().equals(example.id()), "the feature's own name: " + example);
        assertFalse(example.description().isBlank(), "its description: " + example);
        assertTrue(features.stream().anyMatch(f -> f.featureId().equals("io.vswap.ui.feature")), features.toString());
        assertTrue(features.stream().noneMatch(f -> f.id().contains("category") || !f.id().endsWith(".feature.group")),
                "features only, no categories or bundles: " + features);

        URI zipped = installer.siteLocation(Installations.zippedSite(temp).toString());
        assertEquals("jar", zipped.getScheme(), zipped.toString());
        assertEquals(features, installer.features(zipped, new NullProgressMonitor()), "a zip of the site offers the same");
    }

    @Test
    void aFolderThatIsNotASiteIsSaidSo() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("just some folder"));
        Files.writeString(folder.resolve("notes.txt"), "not a site");
        InstallProblem p = assertThrows(InstallProblem.class,
                () -> installer.features(installer.siteLocation(folder.toString()), new NullProgressMonitor()));
        assertEquals(folder + " is not an update site: it holds no content.jar, content.xml or compositeContent.jar "
                + "(the list of what a site offers). Choose the folder that holds them, such as a site build's "
                + "target/repository.", p.getMessage());
        assertFalse(p.details().isBlank(), "p2's report is kept for the details");

        InstallProblem missing = assertThrows(InstallProblem.class,
                () -> installer.siteLocation(temp.resolve("nowhere").toString()));
        assertTrue(missing.getMessage().startsWith("There is no folder or file " + temp.resolve("nowhere")),
                missing.getMessage());
        InstallProblem file = assertThrows(InstallProblem.class,
                () -> installer.siteLocation(folder.resolve("notes.txt").toString()));
        assertTrue(file.getMessage().contains("is a file, not an update site"), file.getMessage());
        InstallProblem ftp = assertThrows(InstallProblem.class, () -> installer.siteLocation("ftp://example.org/site"));
        assertTrue(ftp.getMessage().contains("is not an update site address"), ftp.getMessage());
    }

    @Test
    void aSiteThatCannotBeReachedIsSaidSo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free now, closed when the site is asked
        }
        URI site = installer.siteLocation("http://127.0.0.1:" + closedPort + "/site/");
        InstallProblem p = assertThrows(InstallProblem.class, () -> installer.features(site, new NullProgressMonitor()));
        System.out.println("unreachable: " + p.getMessage() + "\n" + p.details());
        assertEquals("The site " + site + " cannot be reached: 127.0.0.1 does not answer. Check the address, that the "
                + "server is running, and this computer's network connection.", p.getMessage());
        assertFalse(p.getMessage().matches(".*(Exception|p2|ECF|org\\.eclipse).*"), "no library names: " + p.getMessage());
    }

    @Test
    void aFeatureThatNeedsWhatNobodyHasIsNotInstalledAndSaysWhatIsMissing() throws Exception {
        Path product = Installations.profileOnlyCopyOfStudio(temp);
        String before = Installations.newestProfile(product);
        URI site = installer.siteLocation(Installations.siteNeedingAMissingBundle(temp).toString());
        List<SiteFeature> offered = installer.features(site, new NullProgressMonitor());
        assertEquals(List.of("Needs Missing"), offered.stream().map(SiteFeature::name).toList());
        InstallProblem p = assertThrows(InstallProblem.class, () -> installer.install(site,
                List.of("io.vswap.test.needsmissing.feature.group"), Installation.folder(product), new NullProgressMonitor()));
        System.out.println("missing dependency: " + p.getMessage() + "\n" + p.details());
        assertTrue(p.getMessage().startsWith("Needs Missing cannot be installed into " + product + ":\n"), p.getMessage());
        assertTrue(p.getMessage().contains("\n• Needs Missing (io.vswap.test.needsmissing) needs the bundle "
                + "io.vswap.no.such.bundle (version [1.0.0,2.0.0)), which neither the site nor the installation has.\n"),
                p.getMessage());
        assertTrue(p.details().contains("Missing requirement"), "p2's own words in the details:\n" + p.details());
        // the director may have moved the copy's roaming folders to where it is; what is installed is the same
        String after = Installations.newestProfile(product);
        assertFalse(after.contains("io.vswap.test.needsmissing"), "nothing was installed");
        assertEquals(units(before), units(after), "the installation's units are unchanged");
    }

    @Test
    void aFeatureThatConflictsWithWhatIsInstalledIsNotInstalledAndSaysSo() throws Exception {
        Path product = Installations.profileOnlyCopyOfStudio(temp);
        String before = Installations.newestProfile(product);
        URI site = installer.siteLocation(Installations.siteConflictingWithTheStudio(temp).toString());
        InstallProblem p = assertThrows(InstallProblem.class, () -> installer.install(site,
                List.of("io.vswap.test.conflict.feature.group"), Installation.folder(product), new NullProgressMonitor()));
        System.out.println("conflict: " + p.getMessage() + "\n" + p.details());
        assertTrue(p.getMessage().startsWith("Needs Another Video Bundle cannot be installed into " + product + ": it "
                + "conflicts with what is installed there (it needs other versions of bundles the installation already "
                + "has):\n• io.vswap.video 9.0.0 and io.vswap.video 0.1.0."), p.getMessage());
        assertTrue(p.getMessage().endsWith(" cannot both be installed.\nAsk the feature's provider for a version made "
                + "for this studio."), p.getMessage());
        assertTrue(p.details().contains("io.vswap.video"), "p2's own words name the bundle:\n" + p.details());
        assertEquals(units(before), units(Installations.newestProfile(product)), "the installation's units are unchanged");
    }

    /** The ids of the units a profile holds. */
    private static java.util.Set<String> units(String profile) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<unit id='([^']+)' version='([^']+)'").matcher(profile);
        while (m.find()) {
            ids.add(m.group(1) + " " + m.group(2));
        }
        return ids;
    }

    @Test
    void aReadOnlyInstallationIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path product = Installations.profileOnlyCopyOfStudio(temp);
        URI site = installer.siteLocation(Installations.builtSite().toString());
        InstallProblem p;
        try (AutoCloseable undo = Installations.readOnly(product)) {
            p = assertThrows(InstallProblem.class, () -> installer.install(site,
                    List.of(Installations.EXAMPLE_FEATURE + ".feature.group"), Installation.folder(product),
                    new NullProgressMonitor()));
        }
        assertEquals("The installation in " + product + " cannot be changed: it is read-only for you. Installing adds "
                + "files to its plugins and features folders and updates its configuration. Ask whoever installed it "
                + "(an administrator) to install the feature, or install into a copy of the product that you own.",
                p.getMessage());
        assertTrue(p.details().startsWith("could not write in " + product), p.details());
    }

    @Test
    void aFolderThatIsNotAProductAndATestRuntimeThatIsNotOneAreSaidSo() throws Exception {
        URI site = installer.siteLocation(Installations.builtSite().toString());
        Path empty = Files.createDirectories(temp.resolve("empty"));
        InstallProblem folder = assertThrows(InstallProblem.class, () -> installer.install(site,
                List.of(Installations.EXAMPLE_FEATURE + ".feature.group"), Installation.folder(empty),
                new NullProgressMonitor()));
        assertTrue(folder.getMessage().startsWith(empty + " is not an installed VideoSwap product"), folder.getMessage());
        assertFalse(Files.exists(empty.resolve("p2")), "nothing was made there");
        // this OSGi runtime was started by the test framework, not installed by p2
        InstallProblem running = assertThrows(InstallProblem.class, () -> installer.install(site,
                List.of(Installations.EXAMPLE_FEATURE + ".feature.group"), Installation.running(),
                new NullProgressMonitor()));
        assertTrue(running.getMessage().startsWith("This studio was not installed as a product"), running.getMessage());
    }
}
