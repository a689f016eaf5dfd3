package io.vswap.install.ui.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The update sites added before, newest first, in the workspace's preferences (so they survive a
 * restart, which an install usually asks for).
 */
final class RememberedSites {

    static final String NODE = "io.vswap.install.ui";
    static final String KEY = "sites";
    private static final int MAX = 12;

    private RememberedSites() {
    }

    static List<String> load() {
        String stored = node().get(KEY, "");
        return Arrays.stream(stored.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Puts {@code site} first (once) and saves the list. */
    static List<String> remember(String site) {
        List<String> sites = new ArrayList<>(load());
        sites.remove(site);
        sites.add(0, site);
        while (sites.size() > MAX) {
            sites.remove(sites.size() - 1);
        }
        IEclipsePreferences node = node();
        node.put(KEY, String.join("\n", sites));
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // kept for this session at least; the install itself does not depend on it
        }
        return sites;
    }

    private static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }
}
