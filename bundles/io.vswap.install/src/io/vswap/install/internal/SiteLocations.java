package io.vswap.install.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.vswap.install.api.InstallProblem;

/** What a user typed as a site (a URL, a folder, an archive of a site) as the URI p2 loads. */
final class SiteLocations {

    /** The files a p2 site's folder holds at its top (simple or composite metadata, or the index naming them). */
    static final List<String> METADATA = List.of("content.jar", "content.xml", "content.xml.xz", "compositeContent.jar",
            "compositeContent.xml", "p2.index");

    private SiteLocations() {
    }

    static URI parse(String typed) throws InstallProblem {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            throw new InstallProblem("Type the address of an update site (http://…) or choose the folder that holds one.",
                    "");
        }
        if (t.matches("(?i)[a-z][a-z0-9+.-]*:.*") && !t.matches("(?i)[a-z]:[\\\\/].*")) {
            return parseUrl(t);
        }
        return fromPath(t);
    }

    private static URI parseUrl(String t) throws InstallProblem {
        URI uri;
        try {
            uri = new URI(t.replace(" ", "%20"));
        } catch (URISyntaxException e) {
            throw new InstallProblem("\"" + t + "\" is not a web address or folder this installer can read.",
                    e.toString());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
        case "http", "https", "jar":
            return uri;
        case "file":
            try {
                return fromPath(Path.of(uri).toString());
            } catch (IllegalArgumentException e) {
                throw new InstallProblem("\"" + t + "\" is not a file address this installer can read.", e.toString());
            }
        default:
            throw new InstallProblem("\"" + t + "\" is not an update site address: use one that starts with http:// "
                    + "or https://, or a folder on this computer.", "scheme " + scheme);
        }
    }

    private static URI fromPath(String t) throws InstallProblem {
        String expanded = t.startsWith("~/") ? System.getProperty("user.home") + t.substring(1) : t;
        Path p;
        try {
            p = Path.of(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InstallProblem("\"" + t + "\" is not a folder name this system accepts.", e.toString());
        }
        if (!Files.exists(p)) {
            throw new InstallProblem("There is no folder or file " + p + ". Choose the folder that holds the update site.",
                    "");
        }
        if (Files.isDirectory(p)) {
            return p.toUri();
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip") || name.endsWith(".jar")) {
            // p2 reads a zipped site through a jar: URI pointing inside the archive
            return URI.create("jar:" + p.toUri() + "!/");
        }
        throw new InstallProblem(p + " is a file, not an update site. Choose the folder that holds content.jar, "
                + "or a .zip of the site.", "");
    }

    /** The local folder or archive behind a {@code file:} or {@code jar:file:} location, or null. */
    static Path localPath(URI site) {
        try {
            if ("file".equalsIgnoreCase(site.getScheme())) {
                return Path.of(site);
            }
            if ("jar".equalsIgnoreCase(site.getScheme())) {
                String inner = site.getRawSchemeSpecificPart();
                int bang = inner.indexOf("!/");
                return Path.of(new URI(bang < 0 ? inner : inner.substring(0, bang)));
            }
        } catch (IllegalArgumentException | URISyntaxException e) {
            return null;
        }
        return null;
    }

    /** Whether a local folder holds p2 metadata at its top. */
    static boolean holdsMetadata(Path folder) {
        return METADATA.stream().anyMatch(f -> Files.isRegularFile(folder.resolve(f)));
    }
}
