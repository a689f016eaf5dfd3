package io.vswap.batch.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Every service registered under one of our seams — an interface in a package
 * {@code io.vswap.<area>.api} — with the bundle that provides it. Generic on purpose: a seam
 * added later, or a studio's own implementation installed from an update site, shows up with
 * no change here.
 */
public final class ServiceListing {

    /** A seam interface: {@code io.vswap.video.api.VideoCodec}, {@code io.vswap.batch.api.BatchJobType}, … */
    static final Pattern SEAM = Pattern.compile("io\\.vswap(\\.[a-z0-9_]+)+\\.api\\.[A-Z][A-Za-z0-9_]*");

    /** One registered service under one seam interface. */
    public record Entry(String seam, String id, String displayName, String bundle, String bundleVersion,
            String component, int ranking) {
    }

    private ServiceListing() {
    }

    public static List<Entry> list(BundleContext context) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a null filter cannot be invalid
        }
        List<Entry> entries = new ArrayList<>();
        if (refs == null) {
            return entries;
        }
        for (ServiceReference<?> ref : refs) {
            Bundle provider = ref.getBundle();
            if (provider == null) {
                continue; // unregistered while we looked
            }
            for (String seam : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                if (!SEAM.matcher(seam).matches()) {
                    continue;
                }
                String[] names = describe(context, ref, seam);
                Object component = ref.getProperty("component.name");
                Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
                entries.add(new Entry(seam, names[0], names[1], provider.getSymbolicName(),
                        provider.getVersion().toString(), component == null ? "" : component.toString(),
                        ranking instanceof Integer r ? r : 0));
            }
        }
        entries.sort(Comparator.comparing(Entry::seam).thenComparing(Comparator.comparingInt(Entry::ranking).reversed())
                .thenComparing(Entry::id));
        return entries;
    }

    /**
     * The service's own {@code id()} (or {@code type()}) and {@code displayName()} when its seam
     * declares them (as VideoCodec does); else its component name. Asking activates a delayed component, which is
     * what a listing meant to prove that the service works should do.
     */
    private static String[] describe(BundleContext context, ServiceReference<?> ref, String seam) {
        String fallback = String.valueOf(ref.getProperty(Constants.SERVICE_ID));
        Object service = null;
        try {
            service = context.getService(ref);
            if (service == null) {
                return new String[] { fallback, "(service could not be obtained; see the log)" };
            }
            Class<?> seamClass = seamInterface(service.getClass(), seam);
            // id() for codecs and most seams; type() for batch job types
            String id = call(seamClass, service, "id");
            if (id == null) {
                id = call(seamClass, service, "type");
            }
            String name = call(seamClass, service, "displayName");
            Object component = ref.getProperty("component.name");
            return new String[] { id != null ? id : component != null ? component.toString() : fallback,
                    name != null ? name : "" };
        } catch (RuntimeException e) {
            return new String[] { fallback, "(failed: " + e + ")" };
        } finally {
            if (service != null) {
                context.ungetService(ref);
            }
        }
    }

    private static Class<?> seamInterface(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
                Class<?> inherited = seamInterface(i, name);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }

    private static String call(Class<?> seamClass, Object service, String method) {
        if (seamClass == null) {
            return null;
        }
        try {
            Method m = seamClass.getMethod(method);
            if (m.getParameterCount() != 0 || m.getReturnType() != String.class) {
                return null;
            }
            return (String) m.invoke(service);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The listing as a table for people (and for scripts: one service per line, columns by two spaces). */
    public static String format(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "No services of VideoSwap seams (interfaces in io.vswap.*.api) are registered.\n"
                    + "Is Declarative Services (org.apache.felix.scr) started? Check configuration/config.ini.\n";
        }
        int w0 = 0;
        int w1 = 0;
        int w2 = 0;
        for (Entry e : entries) {
            w0 = Math.max(w0, e.id().length());
            w1 = Math.max(w1, e.displayName().length());
            w2 = Math.max(w2, e.bundle().length() + 1 + e.bundleVersion().length());
        }
        StringBuilder sb = new StringBuilder();
        String seam = null;
        for (Entry e : entries) {
            if (!e.seam().equals(seam)) {
                seam = e.seam();
                sb.append(seam).append('\n');
            }
            sb.append(String.format("  %-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %s%n", e.id(), e.displayName(),
                    e.bundle() + " " + e.bundleVersion(),
                    e.component().isEmpty() || e.component().equals(e.id()) ? ""
                            : "(" + e.component() + (e.ranking() != 0 ? ", ranking " + e.ranking() : "") + ")"));
        }
        return sb.toString();
    }
}
