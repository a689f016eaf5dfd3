package io.vswap.example.pngseq.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.w3c.dom.Node;

import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoProbe;

/**
 * A numbered PNG sequence on disk: either a folder holding one sequence
 * ({@code frame_0001.png, frame_0002.png, …}) or a printf pattern ({@code shots/a_%04d.png}).
 * The numbering must have no gaps; the first number found is frame 0.
 */
final class PngSequence {

    /** The sidecar with the frame rate ({@code 25}, {@code 23.976} or {@code 30000/1001}), in the sequence's folder. */
    static final String FRAME_RATE_FILE = "framerate.txt";
    static final double DEFAULT_FRAME_RATE = 24.0;

    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)(\\.png)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRINTF = Pattern.compile("(.*?)%(0?)(\\d*)d(.*\\.png)", Pattern.CASE_INSENSITIVE);

    final Path source;
    final List<Path> frames;

    private PngSequence(Path source, List<Path> frames) {
        this.source = source;
        this.frames = List.copyOf(frames);
    }

    /** Whether {@code source} looks like a sequence this codec reads; cheap, reads no image. */
    static boolean looksLike(Path source) {
        Path name = source.getFileName();
        if (name == null) {
            return false;
        }
        if (PRINTF.matcher(name.toString()).matches()) {
            return Files.isDirectory(source.getParent() == null ? Path.of(".") : source.getParent());
        }
        if (!Files.isDirectory(source)) {
            return false;
        }
        try (Stream<Path> list = Files.list(source)) {
            return list.anyMatch(p -> NUMBERED.matcher(p.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    /** Finds the frames of the sequence and checks that the numbering has no gaps. */
    static PngSequence resolve(Path source) throws VideoException {
        Path name = source.getFileName();
        Matcher printf = name == null ? null : PRINTF.matcher(name.toString());
        Path folder;
        Pattern filePattern;
        if (printf != null && printf.matches()) {
            folder = source.getParent() == null ? Path.of(".") : source.getParent();
            String digits = printf.group(2).equals("0") && !printf.group(3).isEmpty()
                    ? "(\\d{" + Integer.parseInt(printf.group(3)) + "})"
                    : "(\\d+)";
            filePattern = Pattern.compile(Pattern.quote(printf.group(1)) + digits + Pattern.quote(printf.group(4)));
        } else {
            folder = source;
            filePattern = null;
        }
        if (!Files.isDirectory(folder)) {
            throw new VideoException(Kind.NOT_FOUND, source,
                    "The folder " + folder + " of the image sequence does not exist. Check the path.");
        }
        // prefix -> (frame number -> file)
        Map<String, TreeMap<Long, Path>> sequences = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Iterator<Path> it = list.iterator(); it.hasNext();) {
                Path p = it.next();
                String file = p.getFileName().toString();
                if (filePattern != null) {
                    Matcher m = filePattern.matcher(file);
                    if (m.matches()) {
                        add(sequences, "", Long.parseLong(m.group(1)), p, source);
                    }
                } else {
                    Matcher m = NUMBERED.matcher(file);
                    if (m.matches() && m.group(2).length() < 18) {
                        add(sequences, m.group(1) + "#" + m.group(3).toLowerCase(Locale.ROOT),
                                Long.parseLong(m.group(2)), p, source);
                    }
                }
            }
        } catch (IOException e) {
            throw new VideoException(Kind.NOT_FOUND, source, "Cannot list " + folder + ": " + e.getMessage(), e);
        }
        if (sequences.isEmpty()) {
            throw new VideoException(Kind.NOT_A_VIDEO, source, "No numbered PNG files"
                    + (filePattern != null ? " matching " + name : " (such as frame_0001.png)") + " in " + folder + ".");
        }
        if (sequences.size() > 1) {
            throw new VideoException(Kind.UNSUPPORTED, source, "The folder " + folder + " holds "
                    + sequences.size() + " image sequences (" + String.join(", ", sequences.keySet().stream()
                            .map(k -> k.replace("#", "<number>")).toList())
                    + "). Point at one with a pattern such as " + folder.resolve("frame_%04d.png") + ".");
        }
        TreeMap<Long, Path> numbered = sequences.values().iterator().next();
        long first = numbered.firstKey();
        long last = numbered.lastKey();
        if (last - first + 1 != numbered.size()) {
            List<Long> missing = new ArrayList<>();
            for (long n = first; n <= last && missing.size() < 10; n++) {
                if (!numbered.containsKey(n)) {
                    missing.add(n);
                }
            }
            long count = last - first + 1 - numbered.size();
            throw new VideoException(Kind.CORRUPT, source, String.format(Locale.ROOT,
                    "The PNG sequence in %s has %d missing frame%s in its numbering %d–%d: %s%s (after %s). "
                            + "Render or copy the missing frames, or start the clip after the gap.",
                    folder, count, count == 1 ? "" : "s", first, last, missing,
                    count > missing.size() ? " …" : "", numbered.lowerEntry(missing.get(0)).getValue().getFileName()));
        }
        return new PngSequence(source, new ArrayList<>(numbered.values()));
    }

    private static void add(Map<String, TreeMap<Long, Path>> sequences, String key, long number, Path file, Path source)
            throws VideoException {
        Path clash = sequences.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(number, file);
        if (clash != null) {
            throw new VideoException(Kind.UNSUPPORTED, source, "Frame " + number + " is there twice: "
                    + clash.getFileName() + " and " + file.getFileName() + ". Keep one numbering.");
        }
    }

    /** Reads every frame's header (not its pixels): sizes must agree. */
    VideoProbe probe() throws VideoException {
        int width = -1;
        int height = -1;
        String pixelFormat = null;
        for (Path frame : frames) {
            try (ImageInputStream in = ImageIO.createImageInputStream(frame.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new VideoException(Kind.CORRUPT, frame, frame.getFileName()
                            + " is not a readable PNG image. Replace it with a good render of that frame.");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, false);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (width < 0) {
                        width = w;
                        height = h;
                        pixelFormat = pixelFormat(reader.getImageMetadata(0));
                    } else if (w != width || h != height) {
                        throw new VideoException(Kind.CORRUPT, frame, String.format(Locale.ROOT,
                                "%s is %d×%d but the sequence's first frame %s is %d×%d; every frame of a sequence "
                                        + "must have one size. Re-render it at %d×%d.",
                                frame.getFileName(), w, h, frames.get(0).getFileName(), width, height, width, height));
                    }
                } finally {
                    reader.dispose();
                }
            } catch (IOException e) {
                throw new VideoException(Kind.CORRUPT, frame, frame.getFileName() + " cannot be read as PNG ("
                        + e.getMessage() + "). Replace it with a good render of that frame.", e);
            }
        }
        double fps = frameRate();
        return new VideoProbe(source, width, height, fps, frames.size(), frames.size() / fps, "png", pixelFormat, 0);
    }

    /** FFmpeg's names for PNG colour types and depths, so that probes of both codecs read alike. */
    private static String pixelFormat(IIOMetadata metadata) {
        try {
            Node root = metadata.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if ("IHDR".equals(n.getNodeName())) {
                    String type = n.getAttributes().getNamedItem("colorType").getNodeValue();
                    int depth = Integer.parseInt(n.getAttributes().getNamedItem("bitDepth").getNodeValue());
                    boolean deep = depth == 16;
                    return switch (type) {
                    case "RGB" -> deep ? "rgb48be" : "rgb24";
                    case "RGBAlpha" -> deep ? "rgba64be" : "rgba";
                    case "Gray" -> deep ? "gray16be" : "gray";
                    case "GrayAlpha" -> deep ? "ya16be" : "ya8";
                    case "Palette" -> "pal8";
                    default -> type.toLowerCase(Locale.ROOT);
                    };
                }
            }
        } catch (RuntimeException e) {
            // a reader without PNG metadata: say so rather than guess
        }
        return "unknown";
    }

    private double frameRate() throws VideoException {
        Path folder = Files.isDirectory(source) ? source : source.getParent() == null ? Path.of(".") : source.getParent();
        Path sidecar = folder.resolve(FRAME_RATE_FILE);
        if (!Files.exists(sidecar)) {
            return DEFAULT_FRAME_RATE;
        }
        String text;
        try {
            text = Files.readString(sidecar, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new VideoException(Kind.CORRUPT, sidecar, "Cannot read " + sidecar + ": " + e.getMessage(), e);
        }
        try {
            double fps;
            int slash = text.indexOf('/');
            if (slash > 0) {
                fps = Double.parseDouble(text.substring(0, slash).trim())
                        / Double.parseDouble(text.substring(slash + 1).trim());
            } else {
                fps = Double.parseDouble(text);
            }
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new NumberFormatException();
            }
            return fps;
        } catch (NumberFormatException e) {
            throw new VideoException(Kind.CORRUPT, sidecar, sidecar + " should hold a frame rate such as 25, 23.976 "
                    + "or 30000/1001, not \"" + text + "\". Fix it or delete it (then " + DEFAULT_FRAME_RATE
                    + " fps is assumed).");
        }
    }
}
