package io.vswap.install.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.equinox.internal.p2.director.app.DirectorApplication;
import org.eclipse.equinox.internal.provisional.p2.director.PlanExecutionHelper;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.core.UIServices;
import org.eclipse.equinox.p2.engine.IEngine;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.IProvisioningPlan;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.planner.IPlanner;
import org.eclipse.equinox.p2.planner.IProfileChangeRequest;
import org.eclipse.equinox.p2.query.IQueryResult;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.install.api.InstallProblem;
import io.vswap.install.api.InstallResult;
import io.vswap.install.api.Installation;
import io.vswap.install.api.SiteFeature;
import io.vswap.install.api.SoftwareInstaller;

/**
 * The installer on p2's director: the same steps, in the same order and with the same services,
 * as {@code DirectorApplication} (org.eclipse.equinox.p2.director.app 1.3.1000, what
 * {@code vswap p2 -repository SITE -installIU FEATURE [-destination FOLDER]} runs): the running
 * agent and the {@code _SELF_} profile, or a new agent on {@code FOLDER/p2} with the profile named
 * in {@code FOLDER/configuration/config.ini} and its roaming folders moved to {@code FOLDER}; the
 * site as the only metadata and artifact repository of the provisioning context; the features as
 * roots of a profile change request; the planner's plan; {@code PlanExecutionHelper.executePlan}
 * with the director's own trust service ({@code DirectorApplication.AvoidTrustPromptService}, so
 * unsigned content is accepted as on the command line).
 *
 * <p>Why not run {@code DirectorApplication.run(args)} itself: it passes a
 * {@code NullProgressMonitor} to the planner and the engine (no stage, no cancel), prints to
 * {@code System.out}, and reports a failure only as an exit code and a log entry. Calling the
 * director's API as it does keeps its behaviour and gives progress, cancel and p2's statuses.
 */
@Component(service = SoftwareInstaller.class)
public final class P2SoftwareInstaller implements SoftwareInstaller {

    /** config.ini's name of the installation's profile, read by the director for {@code -destination}. */
    private static final String PROP_P2_PROFILE = "eclipse.p2.profile";

    @Reference
    private IProvisioningAgentProvider agents;

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    @Override
    public URI siteLocation(String typed) throws InstallProblem {
        return SiteLocations.parse(typed);
    }

    @Override
    public List<SiteFeature> features(URI site, IProgressMonitor monitor) throws InstallProblem {
        SubMonitor sub = SubMonitor.convert(monitor, "Reading the update site " + site + "…", 10);
        // a throwaway p2 data area: looking at a site leaves nothing behind in any installation
        Path area;
        try {
            area = Files.createTempDirectory("vswap-site-");
        } catch (IOException e) {
            throw new InstallProblem("No temporary folder could be made to read the site in: " + e.getMessage(),
                    e.toString(), e);
        }
        IProvisioningAgent agent = null;
        try {
            agent = agents.createAgent(area.toUri());
            IMetadataRepository repository = loadMetadata(agent, site, sub.split(9));
            return groups(repository, sub.split(1));
        } catch (ProvisionException e) {
            throw Problems.failed("Reading the site", e);
        } finally {
            if (agent != null) {
                agent.stop();
            }
            deleteTree(area);
        }
    }

    @Override
    public InstallResult install(URI site, Collection<String> featureIds, Installation into, IProgressMonitor monitor)
            throws InstallProblem {
        long start = System.nanoTime();
        if (featureIds.isEmpty()) {
            throw new InstallProblem("Choose at least one feature to install.", "");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Checking " + (into.isRunning() ? "this installation"
                : "the installation in " + into) + "…", 100);
        Target target = open(into);
        try {
            IProfileRegistry registry = target.agent.getService(IProfileRegistry.class);
            IProfile found = registry.getProfile(target.profileId);
            if (found == null) {
                throw notAProduct(into, "no profile " + target.profileId + " in the agent's registry");
            }
            Path folder = into.path().orElseGet(() -> Path.of(found.getProperty(IProfile.PROP_INSTALL_FOLDER)));
            checkWritable(folder);
            sub.worked(2);

            IMetadataRepositoryManager metadata = target.agent.getService(IMetadataRepositoryManager.class);
            IArtifactRepositoryManager artifacts = target.agent.getService(IArtifactRepositoryManager.class);
            // like the director: a site it added to the installation's known sites is removed again afterwards
            boolean addedMetadata = !metadata.contains(site);
            boolean addedArtifacts = !artifacts.contains(site);
            boolean roamingOff = false;
            try {
                IMetadataRepository repository = loadMetadata(target.agent, site, sub.split(8));
                try {
                    artifacts.loadRepository(site, sub.split(5));
                } catch (ProvisionException e) {
                    throw cancelledOr(Problems.siteUnreadable(site, e.getStatus()), e.getStatus(), sub);
                }
                List<IInstallableUnit> roots = new ArrayList<>();
                List<SiteFeature> chosen = new ArrayList<>();
                for (String id : featureIds) {
                    IQueryResult<IInstallableUnit> offered = repository
                            .query(QueryUtil.createLatestQuery(QueryUtil.createIUQuery(id)), null);
                    if (offered.isEmpty()) {
                        throw new InstallProblem("The site " + site + " does not offer " + id + ".", "");
                    }
                    IInstallableUnit unit = offered.iterator().next();
                    roots.add(unit);
                    chosen.add(feature(unit));
                }
                List<String> names = chosen.stream().map(SiteFeature::name).toList();

                IPlanner planner = target.agent.getService(IPlanner.class);
                IEngine engine = target.agent.getService(IEngine.class);
                roamingOff = !into.isRunning() && moveRoamingFolders(target.agent, planner, engine, found, folder);
                IProfile profile = roamingOff ? registry.getProfile(target.profileId) : found;
                sub.setTaskName("Working out what " + String.join(", ", names) + " needs…");
                ProvisioningContext provisioning = new ProvisioningContext(target.agent);
                provisioning.setMetadataRepositories(site);
                provisioning.setArtifactRepositories(site);
                provisioning.setProperty(ProvisioningContext.FOLLOW_REPOSITORY_REFERENCES, "false");
                provisioning.setProperty(ProvisioningContext.FOLLOW_ARTIFACT_REPOSITORY_REFERENCES, "false");
                IProfileChangeRequest request = planner.createChangeRequest(profile);
                for (IInstallableUnit root : roots) {
                    request.setInstallableUnitProfileProperty(root, IProfile.PROP_PROFILE_ROOT_IU, "true");
                }
                request.addAll(roots);
                IProvisioningPlan plan = planner.getProvisioningPlan(request, provisioning, sub.split(20));
                if (!plan.getStatus().isOK()) {
                    throw cancelledOr(Problems.notInstallable(names, into.toString(), plan.getStatus()),
                            plan.getStatus(), sub);
                }

                sub.setTaskName("Downloading and installing " + String.join(", ", names) + "…");
                IStatus done = withDirectorTrust(target.agent,
                        () -> PlanExecutionHelper.executePlan(plan, engine, provisioning, sub.split(65)));
                if (done.getSeverity() == IStatus.ERROR || done.getSeverity() == IStatus.CANCEL) {
                    throw cancelledOr(new InstallProblem("Installing " + String.join(", ", names) + " into " + into
                            + " failed: " + done.getMessage() + " Nothing was changed.", Problems.details(done)),
                            done, sub);
                }
                return new InstallResult(chosen, into, folder, (System.nanoTime() - start) / 1_000_000);
            } finally {
                if (roamingOff) {
                    setRoaming(target.agent, registry.getProfile(target.profileId));
                }
                if (addedMetadata) {
                    metadata.removeRepository(site);
                }
                if (addedArtifacts) {
                    artifacts.removeRepository(site);
                }
            }
        } finally {
            target.close();
        }
    }

    /** The agent and profile the director would use for {@code into}; a new agent is stopped on close. */
    private record Target(IProvisioningAgent agent, String profileId, IProvisioningAgent installer, boolean owned)
            implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                agent.stop();
                if (installer != null) {
                    installer.stop();
                }
            }
        }
    }

    private Target open(Installation into) throws InstallProblem {
        if (into.isRunning()) {
            // The running system's agent is registered by p2.core's activator when p2's classes are first
            // loaded (after this component is bound), so it is looked up when needed, as the director does.
            IProvisioningAgent running = currentAgent();
            if (running == null) {
                throw notAProduct(into, "no IProvisioningAgent service with agent.current=true");
            }
            return new Target(running, IProfileRegistry.SELF, null, false);
        }
        Path folder = into.path().orElseThrow();
        if (!Files.isDirectory(folder)) {
            throw new InstallProblem("There is no folder " + folder + ". Choose the folder where the product is "
                    + "installed (the one that holds vswap, plugins and configuration).", "");
        }
        if (!Files.isDirectory(folder.resolve("p2"))) {
            throw notAProduct(into, "no folder " + folder.resolve("p2"));
        }
        String profileId = profileIdOf(folder);
        try {
            IProvisioningAgent agent = agents.createAgent(folder.resolve("p2").toUri());
            IProvisioningAgent installer = agents.createAgent(null);
            agent.registerService(IProvisioningAgent.INSTALLER_AGENT, installer);
            agent.registerService(PROP_P2_PROFILE, profileId);
            return new Target(agent, profileId, installer, true);
        } catch (ProvisionException e) {
            throw new InstallProblem(folder + " cannot be opened as an installation: its p2 folder cannot be read.",
                    Problems.details(e.getStatus()), e);
        }
    }

    private IProvisioningAgent currentAgent() {
        try {
            Collection<ServiceReference<IProvisioningAgent>> refs = context.getServiceReferences(
                    IProvisioningAgent.class, "(" + IProvisioningAgent.SERVICE_CURRENT + "=true)");
            for (ServiceReference<IProvisioningAgent> ref : refs) {
                IProvisioningAgent agent = context.getService(ref);
                if (agent != null) {
                    context.ungetService(ref);
                    return agent;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is a constant
        }
        return null;
    }

    /** As the director reads it for {@code -destination}: config.ini's {@code eclipse.p2.profile}, else the folder. */
    private static String profileIdOf(Path folder) {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(folder.resolve("configuration/config.ini"))) {
            config.load(in);
        } catch (IOException e) {
            return folder.toString();
        }
        return config.getProperty(PROP_P2_PROFILE, folder.toString());
    }

    private static InstallProblem notAProduct(Installation into, String detail) {
        if (into.isRunning()) {
            return new InstallProblem("This studio was not installed as a product (it runs from a development or test "
                    + "setup), so it cannot install software into itself. Install into an unpacked VideoSwap product "
                    + "instead, or use its vswap p2 command.", detail);
        }
        return new InstallProblem(into + " is not an installed VideoSwap product: it has no p2 folder and profile. "
                + "Choose the folder where the product was unpacked (the one that holds vswap, plugins and "
                + "configuration).", detail);
    }

    /**
     * Installing writes into the installation's plugins, features, configuration and p2 folders: tried
     * first with a real file in each, because permissions alone do not tell (a read-only file system, an
     * immutable folder, an administrator's installation opened by a user).
     */
    private static void checkWritable(Path folder) throws InstallProblem {
        for (String sub : List.of("", "plugins", "features", "configuration",
                "configuration/org.eclipse.equinox.simpleconfigurator", "p2")) {
            Path dir = folder.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                Files.delete(Files.createTempFile(dir, ".vswap-write-check-", ".tmp"));
            } catch (IOException e) {
                throw new InstallProblem("The installation in " + folder + " cannot be changed: it is read-only for "
                        + "you. Installing adds files to its plugins and features folders and updates its "
                        + "configuration. Ask whoever installed it (an administrator) to install the feature, or "
                        + "install into a copy of the product that you own.", "could not write in " + dir + ": " + e);
            }
        }
    }

    /**
     * A product built elsewhere (or unpacked from an archive) has a roaming profile that still names the
     * folder it was built in. Like the director for {@code -destination}: point it at where it is now
     * before planning, so that the engine writes here, with roaming off meanwhile so that p2 does not
     * compute the folders again from elsewhere; {@link #setRoaming} turns it back on afterwards.
     *
     * @return whether the profile was changed (and roaming turned off)
     */
    private static boolean moveRoamingFolders(IProvisioningAgent agent, IPlanner planner, IEngine engine,
            IProfile profile, Path folder) throws InstallProblem {
        if (!Boolean.parseBoolean(profile.getProperty(IProfile.PROP_ROAMING))) {
            return false;
        }
        String here = folder.toString();
        if (here.equals(profile.getProperty(IProfile.PROP_INSTALL_FOLDER))
                && here.equals(profile.getProperty(IProfile.PROP_CACHE))) {
            return false;
        }
        IProfileChangeRequest request = planner.createChangeRequest(profile);
        request.setProfileProperty(IProfile.PROP_INSTALL_FOLDER, here);
        request.setProfileProperty(IProfile.PROP_CACHE, here);
        request.setProfileProperty(IProfile.PROP_ROAMING, "false");
        IStatus status = changeProperties(agent, planner, engine, request);
        if (!status.isOK()) {
            throw new InstallProblem("The installation in " + folder + " could not be prepared: its record of where it "
                    + "is installed cannot be updated.", Problems.details(status));
        }
        return true;
    }

    /** Roaming back on after {@link #moveRoamingFolders}, so the product can be moved again. */
    private static void setRoaming(IProvisioningAgent agent, IProfile profile) {
        if (profile == null) {
            return;
        }
        IPlanner planner = agent.getService(IPlanner.class);
        IProfileChangeRequest request = planner.createChangeRequest(profile);
        request.setProfileProperty(IProfile.PROP_ROAMING, "true");
        changeProperties(agent, planner, agent.getService(IEngine.class), request);
    }

    private static IStatus changeProperties(IProvisioningAgent agent, IPlanner planner, IEngine engine,
            IProfileChangeRequest request) {
        ProvisioningContext none = new ProvisioningContext(agent);
        none.setMetadataRepositories();
        none.setArtifactRepositories();
        IProvisioningPlan plan = planner.getProvisioningPlan(request, none, null);
        return PlanExecutionHelper.executePlan(plan, engine, none, null);
    }

    private static IStatus withDirectorTrust(IProvisioningAgent agent, java.util.function.Supplier<IStatus> work) {
        Object before = agent.getService(UIServices.SERVICE_NAME);
        UIServices trust = new DirectorApplication.AvoidTrustPromptService();
        agent.registerService(UIServices.SERVICE_NAME, trust);
        try {
            return work.get();
        } finally {
            agent.unregisterService(UIServices.SERVICE_NAME, trust);
            if (before != null) {
                agent.registerService(UIServices.SERVICE_NAME, before);
            }
        }
    }

    private static IMetadataRepository loadMetadata(IProvisioningAgent agent, URI site, SubMonitor monitor)
            throws InstallProblem {
        try {
            return agent.getService(IMetadataRepositoryManager.class).loadRepository(site, monitor);
        } catch (ProvisionException e) {
            throw cancelledOr(Problems.siteUnreadable(site, e.getStatus()), e.getStatus(), monitor);
        }
    }

    /** A cancelled monitor or a CANCEL status is a cancellation, not a problem to show. */
    private static InstallProblem cancelledOr(InstallProblem problem, IStatus status, IProgressMonitor monitor) {
        if (status.getSeverity() == IStatus.CANCEL || monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        return problem;
    }

    private static List<SiteFeature> groups(IMetadataRepository repository, IProgressMonitor monitor) {
        List<SiteFeature> out = new ArrayList<>();
        for (IInstallableUnit unit : repository
                .query(QueryUtil.createLatestQuery(QueryUtil.createIUGroupQuery()), monitor)) {
            out.add(feature(unit));
        }
        out.sort(Comparator.comparing((SiteFeature f) -> f.name().toLowerCase(Locale.ROOT)).thenComparing(SiteFeature::id));
        return out;
    }

    private static SiteFeature feature(IInstallableUnit unit) {
        String locale = Locale.getDefault().toString();
        String name = unit.getProperty(IInstallableUnit.PROP_NAME, locale);
        String description = unit.getProperty(IInstallableUnit.PROP_DESCRIPTION, locale);
        String provider = unit.getProperty(IInstallableUnit.PROP_PROVIDER, locale);
        return new SiteFeature(unit.getId(), unit.getVersion().toString(), name == null || name.isBlank() ? unit.getId() : name,
                description == null ? "" : description.strip(), provider == null ? "" : provider);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing the listing for
        }
    }
}
