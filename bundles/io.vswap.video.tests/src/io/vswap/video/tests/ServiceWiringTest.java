package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;

/** DS wires the codec into the registry, and a codec registered later by another bundle joins in rank order. */
class ServiceWiringTest {

    @Test
    void ffmpegCodecIsRegisteredAndFound() {
        VideoCodecRegistry registry = TestVideos.service(VideoCodecRegistry.class);
        assertTrue(registry.byId("ffmpeg").isPresent());
        assertTrue(registry.writerFor(VideoFormat.H264_MP4).isPresent());
        assertTrue(registry.byId("ffmpeg").get().displayName().startsWith("FFmpeg "));
    }

    @Test
    void aHigherRankedCodecComesFirstAndLeavesCleanly() {
        VideoCodecRegistry registry = TestVideos.service(VideoCodecRegistry.class);
        VideoCodec studio = new VideoCodec() {
            public String id() { return "studio-test"; }
            public String displayName() { return "Studio test codec"; }
            public boolean canRead(java.nio.file.Path source) { return source.toString().endsWith(".studio"); }
            public Set<VideoFormat> writableFormats() { return Set.of(); }
            public VideoProbe probe(java.nio.file.Path source) { throw new UnsupportedOperationException(); }
            public FrameReader openReader(java.nio.file.Path source) { throw new UnsupportedOperationException(); }
            public FrameWriter openWriter(java.nio.file.Path t, EncodeSettings s) { throw new UnsupportedOperationException(); }
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<VideoCodec> reg = FrameworkUtil.getBundle(getClass()).getBundleContext()
                .registerService(VideoCodec.class, studio, props);
        try {
            assertEquals("studio-test", registry.codecs().get(0).id());
        } finally {
            reg.unregister();
        }
        assertTrue(registry.byId("studio-test").isEmpty());
    }
}
