package io.vswap.welcome.internal;

import java.io.IOException;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * The welcome page's two preferences (instance scope, node {@code io.vswap.welcome}): whether it
 * was ever shown, and whether to show it at every start ("Show at start", off by default).
 */
public final class WelcomePreferences {

    public static final String SHOWN = "welcomeShown";
    public static final String SHOW_AT_START = "showWelcomeAtStart";

    private final ScopedPreferenceStore store;

    public WelcomePreferences() {
        store = new ScopedPreferenceStore(InstanceScope.INSTANCE, WelcomeIds.PLUGIN_ID);
    }

    public IPreferenceStore store() {
        return store;
    }

    public boolean shown() {
        return store.getBoolean(SHOWN);
    }

    public boolean showAtStart() {
        return store.getBoolean(SHOW_AT_START);
    }

    public void setShown(boolean shown) {
        store.setValue(SHOWN, shown);
        save();
    }

    public void setShowAtStart(boolean show) {
        store.setValue(SHOW_AT_START, show);
        save();
    }

    /** Written at once, so a crash later in the session does not show the page again as a first start. */
    private void save() {
        try {
            store.save();
        } catch (IOException e) {
            ILog.of(WelcomePreferences.class).warn("Could not save the welcome page's preferences", e);
        }
    }
}
