package io.vswap.testing;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that set JVM-wide system properties (the runtime's {@code vswap.device}, …): each
 * test's changes to the named properties are undone after it, so later tests in the same JVM see
 * them as they were. Register it with {@code @RegisterExtension}.
 */
public final class SystemPropertiesRestored implements BeforeEachCallback, AfterEachCallback {

    private final String[] keys;
    private final Map<String, String> before = new HashMap<>();

    public SystemPropertiesRestored(String... keys) {
        this.keys = keys.clone();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before.clear();
        for (String key : keys) {
            before.put(key, System.getProperty(key));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String key : keys) {
            String value = before.get(key);
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        }
    }
}
