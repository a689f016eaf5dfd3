package io.vswap.video.internal.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoFormat;

/** Tracks every VideoCodec service as bundles come and go; higher service ranking first. */
@Component(service = VideoCodecRegistry.class)
public final class RankedVideoCodecRegistry implements VideoCodecRegistry {

    private record Ranked(VideoCodec codec, int ranking) {
    }

    private final List<Ranked> codecs = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCodec(VideoCodec codec, Map<String, Object> properties) {
        Object r = properties.get("service.ranking");
        codecs.add(new Ranked(codec, r instanceof Integer i ? i : 0));
    }

    void removeCodec(VideoCodec codec) {
        codecs.removeIf(r -> r.codec() == codec);
    }

    @Override
    public List<VideoCodec> codecs() {
        List<Ranked> sorted = new ArrayList<>(codecs);
        sorted.sort(Comparator.comparingInt(Ranked::ranking).reversed().thenComparing(r -> r.codec().id()));
        return sorted.stream().map(Ranked::codec).toList();
    }

    @Override
    public Optional<VideoCodec> byId(String id) {
        return codecs().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public VideoCodec codecFor(Path source) throws VideoException {
        List<VideoCodec> all = codecs();
        for (VideoCodec c : all) {
            if (c.canRead(source)) {
                return c;
            }
        }
        if (!Files.exists(source)) {
            throw new VideoException(Kind.NOT_FOUND, source,
                    source + " does not exist. Check the path, or whether the file was moved or renamed.");
        }
        try {
            if (Files.isRegularFile(source) && Files.size(source) == 0) {
                throw new VideoException(Kind.EMPTY, source,
                        source + " is empty (0 bytes). The copy or render that made it probably failed; copy it again.");
            }
        } catch (IOException e) {
            throw new VideoException(Kind.NOT_FOUND, source, source + " cannot be read: " + e.getMessage(), e);
        }
        String installed = all.stream().map(VideoCodec::id).collect(Collectors.joining(", "));
        throw new VideoException(Kind.NOT_A_VIDEO, source, source + " is not something any installed codec reads ("
                + (installed.isEmpty() ? "none installed" : installed)
                + "). Choose a video file, or install a codec for it from an update site.");
    }

    @Override
    public Optional<VideoCodec> writerFor(VideoFormat format) {
        return codecs().stream().filter(c -> c.writableFormats().contains(format)).findFirst();
    }
}
