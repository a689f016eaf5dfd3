package io.vswap.video.internal.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;

/** Checks on a source file before FFmpeg sees it, so that errors say what is really wrong. */
final class SourceFiles {

    private SourceFiles() {
    }

    static void requireNonEmptyFile(Path source) throws VideoException {
        if (!Files.exists(source)) {
            throw new VideoException(Kind.NOT_FOUND, source,
                    source + " does not exist. Check the path, or whether the file was moved or renamed.");
        }
        if (Files.isDirectory(source)) {
            throw new VideoException(Kind.NOT_A_VIDEO, source, source
                    + " is a folder, not a video file. Choose a video file (or install a codec that reads image sequences).");
        }
        try {
            if (Files.size(source) == 0) {
                throw new VideoException(Kind.EMPTY, source,
                        source + " is empty (0 bytes). The copy or render that made it probably failed; copy it again.");
            }
        } catch (IOException e) {
            throw new VideoException(Kind.NOT_FOUND, source, source + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Whether the file starts like a container we know: then a failure to open means damage. */
    static String recognisedContainer(Path source) {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(source)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return null;
        }
        if (n >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return "an MP4/QuickTime file";
        }
        if (n >= 4 && (head[0] & 0xff) == 0x1A && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xDF
                && (head[3] & 0xff) == 0xA3) {
            return "a Matroska/WebM file";
        }
        if (n >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'A'
                && head[9] == 'V' && head[10] == 'I') {
            return "an AVI file";
        }
        return null;
    }
}
