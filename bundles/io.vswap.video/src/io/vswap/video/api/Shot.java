package io.vswap.video.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A source video in a project, with its clips. The source is referenced, not copied; its
 * probe is kept so that a moved or changed source can be noticed.
 *
 * @param id folder name of the shot inside the project ({@code shots/<id>/})
 * @param codec id of the {@link VideoCodec} that reads the source
 */
public record Shot(String id, String name, Path source, String codec, VideoProbe probe, List<Clip> clips) {

    public Shot {
        clips = List.copyOf(clips);
    }

    public Optional<Clip> clip(String clipName) {
        return clips.stream().filter(c -> c.name().equals(clipName)).findFirst();
    }

    /** This shot with {@code clip} added, or replacing the clip of the same name. */
    public Shot withClip(Clip clip) {
        List<Clip> list = new ArrayList<>(clips);
        list.removeIf(c -> c.name().equals(clip.name()));
        list.add(clip);
        return new Shot(id, name, source, codec, probe, list);
    }
}
