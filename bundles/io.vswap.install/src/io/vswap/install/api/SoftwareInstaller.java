package io.vswap.install.api;

import java.net.URI;
import java.util.Collection;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * Installs features from an update site into an installed product: what Help › Install New
 * Software does, and what {@code vswap p2 -repository SITE -installIU FEATURE} does on the
 * command line, through the same p2 director. An OSGi service.
 *
 * <p>Long calls take an {@link IProgressMonitor}: they report their stage as task names and stop
 * with an {@link OperationCanceledException} when it is cancelled.
 */
public interface SoftwareInstaller {

    /**
     * The site's location for what a user typed: an {@code http(s):} or {@code file:} URL, a
     * folder (which becomes a {@code file:} URI) or a {@code .zip}/{@code .jar} archive of a site
     * (read inside the archive).
     *
     * @throws InstallProblem when it is blank, a folder or archive that does not exist, or not a URL p2 reads
     */
    URI siteLocation(String typed) throws InstallProblem;

    /**
     * The features the site offers (the newest version of each), sorted by name.
     *
     * @throws InstallProblem when the location is not an update site, cannot be reached or cannot be read
     */
    List<SiteFeature> features(URI site, IProgressMonitor monitor) throws InstallProblem;

    /**
     * Installs the features with the given ids (each a {@link SiteFeature#id()}) from the site into
     * {@code into}, with what they need from the site.
     *
     * @throws InstallProblem when the site cannot be read, a feature cannot be installed there (it needs
     *                        something neither the site nor the installation has, or conflicts with what is
     *                        installed), or the installation is not a p2 product or cannot be written
     */
    InstallResult install(URI site, Collection<String> featureIds, Installation into, IProgressMonitor monitor)
            throws InstallProblem;
}
