package io.vswap.install.api;

/**
 * A feature an update site offers for installation (a p2 feature group).
 *
 * @param id          the installable unit's id, as {@code vswap p2 -installIU} takes it
 *                    ({@code io.vswap.example.pngseq.feature.feature.group})
 * @param version     its version
 * @param name        its name as the feature calls itself, or the id when it has none
 * @param description what it says it does, or empty
 * @param provider    who provides it, or empty
 */
public record SiteFeature(String id, String version, String name, String description, String provider) {

    private static final String GROUP = ".feature.group";

    /** The feature's own id, without p2's {@code .feature.group} suffix. */
    public String featureId() {
        return id.endsWith(GROUP) ? id.substring(0, id.length() - GROUP.length()) : id;
    }
}
