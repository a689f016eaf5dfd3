package io.vswap.install.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What an install did.
 *
 * @param installed the features now installed
 * @param into      where
 * @param folder    the installation's folder on disk
 * @param millis    how long it took
 */
public record InstallResult(List<SiteFeature> installed, Installation into, Path folder, long millis) {

    public InstallResult {
        installed = List.copyOf(installed);
    }

    /** The running product only loads the new bundles when it starts again; another installation when it is next started. */
    public boolean restartNeeded() {
        return into.isRunning();
    }
}
