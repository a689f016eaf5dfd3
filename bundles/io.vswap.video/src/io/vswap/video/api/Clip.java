package io.vswap.video.api;

import io.vswap.files.api.FileNames;

/** A named clip of a shot: the unit every edit works on. */
public record Clip(String name, ClipSettings settings) {

    public Clip {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a clip needs a name");
        }
    }

    public Clip withSettings(ClipSettings newSettings) {
        return new Clip(name, newSettings);
    }

    /** The clip's name as a file-name part ({@link FileNames#part}): its cache folder, its renders' names. */
    public String fileName() {
        return FileNames.part(name);
    }
}
