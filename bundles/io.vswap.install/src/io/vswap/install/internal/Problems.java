package io.vswap.install.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;

import io.vswap.install.api.InstallProblem;

/**
 * p2's statuses turned into words for the user: what is wrong and what to do. p2's own text (with
 * its requirement syntax and exception names) goes to the Details only.
 */
final class Problems {

    // the planner's explanation of a missing dependency, e.g.
    // Missing requirement: PNG (io.vswap.example.pngseq 0.1.0) requires 'osgi.bundle; no.such [1.0.0,2.0.0)' but it could not be found
    private static final Pattern MISSING = Pattern
            .compile("Missing requirement: (.+?) requires '([^;']+); ([^ ']+)(?: ([^']*))?' but it could not be found");
    private static final Pattern IU = Pattern.compile("(.+?) \\(([^ ]+) ([^)]+)\\)");

    private Problems() {
    }

    /** A site that did not load: not a site, not there, not reachable, or damaged. */
    static InstallProblem siteUnreadable(URI site, IStatus status) {
        String details = details(status);
        Path local = SiteLocations.localPath(site);
        if (local != null) {
            if (!Files.exists(local)) {
                return new InstallProblem("There is no folder or file " + local + ".", details);
            }
            if ("file".equalsIgnoreCase(site.getScheme()) && Files.isDirectory(local) && !SiteLocations.holdsMetadata(local)) {
                return new InstallProblem(local + " is not an update site: it holds no content.jar, content.xml or "
                        + "compositeContent.jar (the list of what a site offers). Choose the folder that holds them, "
                        + "such as a site build's target/repository.", details);
            }
            if ("jar".equalsIgnoreCase(site.getScheme())) {
                return new InstallProblem(local + " is not an archive of an update site: it holds no content.jar or "
                        + "content.xml at its top.", details);
            }
            return new InstallProblem(local + " looks like an update site, but what it offers cannot be read: its files "
                    + "may be damaged or only partly copied.", details);
        }
        String host = site.getHost() == null ? site.toString() : site.getHost();
        Throwable cause = find(status, UnknownHostException.class);
        if (cause != null || mentions(status, "unknownhost")) {
            return new InstallProblem("The site " + site + " cannot be reached: no server called " + host
                    + " is known. Check the address and this computer's network connection.", details);
        }
        if (find(status, ConnectException.class) != null || find(status, NoRouteToHostException.class) != null
                || mentions(status, "connection refused")) {
            return new InstallProblem("The site " + site + " cannot be reached: " + host + " does not answer. Check "
                    + "the address, that the server is running, and this computer's network connection.", details);
        }
        if (find(status, SocketTimeoutException.class) != null || mentions(status, "timed out")) {
            return new InstallProblem("The site " + site + " cannot be reached: " + host + " took too long to "
                    + "answer. Try again later, or check the network connection.", details);
        }
        return new InstallProblem("There is no update site at " + site + ": the server answers but offers no list of "
                + "features there. Check the address.", details);
    }

    /** A plan that cannot be made: something needed is missing, or it conflicts with what is installed. */
    static InstallProblem notInstallable(List<String> features, String into, IStatus status) {
        String details = details(status);
        List<String> lines = new ArrayList<>();
        Set<String> said = new LinkedHashSet<>();
        for (String m : messages(status)) {
            Matcher missing = MISSING.matcher(m);
            if (missing.find()) {
                String line = "• " + unit(missing.group(1)) + " needs " + requirement(missing.group(2),
                        missing.group(3), missing.group(4)) + ", which neither the site nor the installation has.";
                if (said.add(line)) {
                    lines.add(line);
                }
            }
        }
        String what = String.join(", ", features) + " cannot";
        if (!lines.isEmpty()) {
            return new InstallProblem(what + " be installed into " + into + ":\n" + String.join("\n", lines)
                    + "\nAdd a site that has what is missing, or ask the feature's provider for a version that fits "
                    + "this studio.", details);
        }
        List<String> singletons = new ArrayList<>();
        collectSingletons(status, singletons);
        boolean conflict = !singletons.isEmpty()
                || messages(status).stream().anyMatch(m -> m.toLowerCase(Locale.ROOT).contains("conflicting dependency"));
        if (conflict) {
            return new InstallProblem(what + " be installed into " + into + ": it conflicts with what is installed "
                    + "there (it needs other versions of bundles the installation already has)"
                    + (singletons.isEmpty() ? "." : ":\n" + String.join("\n", singletons))
                    + "\nAsk the feature's provider for a version made for this studio.", details);
        }
        return new InstallProblem(what + " be installed into " + into + ": " + status.getMessage(), details);
    }

    /** p2's "Only one of the following can be installed at once:" with the units as its children. */
    private static void collectSingletons(IStatus s, List<String> out) {
        if (s.getMessage().startsWith("Only one of the following can be installed at once")) {
            List<String> units = new ArrayList<>();
            for (IStatus c : s.getChildren()) {
                Matcher m = IU.matcher(c.getMessage().strip());
                units.add(m.matches() ? m.group(2) + " " + m.group(3) : c.getMessage().strip());
            }
            String line = "• " + String.join(" and ", units) + " cannot both be installed.";
            if (!units.isEmpty() && !out.contains(line)) {
                out.add(line);
            }
        }
        for (IStatus c : s.getChildren()) {
            collectSingletons(c, out);
        }
    }

    /** p2's "PNG Codec 0.1.0 (io.vswap.example.pngseq.feature.group 0.1.0)" → "PNG Codec (io.vswap.example.pngseq)". */
    private static String unit(String described) {
        Matcher m = IU.matcher(described.strip());
        if (m.matches()) {
            String id = m.group(2).replaceAll("\\.feature\\.group$", "");
            String name = m.group(1).endsWith(" " + m.group(3))
                    ? m.group(1).substring(0, m.group(1).length() - m.group(3).length() - 1)
                    : m.group(1);
            return name.equals(m.group(2)) ? id : name + " (" + id + ")";
        }
        return described;
    }

    private static String requirement(String namespace, String name, String range) {
        String versions = range == null || range.isBlank() || range.equals("0.0.0") ? ""
                : " (version " + range.strip() + ")";
        return switch (namespace) {
        case "osgi.bundle" -> "the bundle " + name + versions;
        case "java.package" -> "the Java package " + name + versions;
        case "org.eclipse.equinox.p2.iu" -> name.endsWith(".feature.group")
                ? "the feature " + name.replaceAll("\\.feature\\.group$", "") + versions
                : name + versions;
        case "osgi.ee" -> "the Java runtime " + name + versions;
        default -> name + versions;
        };
    }

    /** An exception from p2 that is not a cancellation, in words. */
    static InstallProblem failed(String doing, CoreException e) {
        return new InstallProblem(doing + " failed: " + e.getStatus().getMessage(), details(e.getStatus()), e);
    }

    static List<String> messages(IStatus status) {
        List<String> out = new ArrayList<>();
        collect(status, out);
        return out;
    }

    private static void collect(IStatus s, List<String> out) {
        out.add(s.getMessage());
        for (Throwable t = s.getException(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                out.add(t.getMessage());
            }
            if (t instanceof CoreException ce) {
                collect(ce.getStatus(), out);
            }
        }
        for (IStatus c : s.getChildren()) {
            collect(c, out);
        }
    }

    private static boolean mentions(IStatus status, String text) {
        return messages(status).stream().anyMatch(m -> m.toLowerCase(Locale.ROOT).replace(" ", "")
                .contains(text.replace(" ", "")));
    }

    private static Throwable find(IStatus s, Class<? extends Throwable> type) {
        for (Throwable t = s.getException(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
            if (t instanceof CoreException ce) {
                Throwable inner = find(ce.getStatus(), type);
                if (inner != null) {
                    return inner;
                }
            }
        }
        for (IStatus c : s.getChildren()) {
            Throwable inner = find(c, type);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    /** The status tree as p2 gave it, indented, with exceptions: for a Details section. */
    static String details(IStatus status) {
        StringBuilder b = new StringBuilder();
        render(status, 0, b);
        return b.toString().stripTrailing();
    }

    private static void render(IStatus s, int depth, StringBuilder b) {
        String indent = "  ".repeat(depth);
        b.append(indent).append(severity(s)).append(' ').append(s.getPlugin()).append(" (").append(s.getCode())
                .append("): ").append(s.getMessage()).append('\n');
        for (Throwable t = s.getException(); t != null; t = t.getCause()) {
            b.append(indent).append("  caused by ").append(t).append('\n');
            if (t instanceof CoreException ce && ce.getStatus() != s) {
                render(ce.getStatus(), depth + 2, b);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        for (IStatus c : s.getChildren()) {
            render(c, depth + 1, b);
        }
    }

    private static String severity(IStatus s) {
        return switch (s.getSeverity()) {
        case IStatus.ERROR -> "ERROR";
        case IStatus.WARNING -> "WARNING";
        case IStatus.INFO -> "INFO";
        case IStatus.CANCEL -> "CANCEL";
        default -> "OK";
        };
    }
}
