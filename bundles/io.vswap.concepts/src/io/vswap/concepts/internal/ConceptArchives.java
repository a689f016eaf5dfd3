package io.vswap.concepts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptPaths;
import io.vswap.files.api.AtomicFile;

/**
 * A concept as one archive ({@code .vswapconcept}: a zip of {@code concept.json} and the files it
 * names, at the archive's root), and the checks an archive from elsewhere passes before anything of
 * it is written: names inside the concept's folder, no links, bounded entry count, sizes and
 * compression ratio (zip bombs), every file the concept names present, a readable concept file of a
 * known version. The weights' checksum is checked once unpacked.
 */
final class ConceptArchives {

    /** At most this many entries: a concept has a few dozen files. */
    static final int MAX_ENTRIES = 1000;
    /** At most this many bytes unpacked in all (a fused set of SD 1.5 size is about 2.5 GB). */
    static final long MAX_TOTAL_BYTES = 8L << 30;
    /** An entry that unpacks to more than this many times its packed size (above 1 MiB) is refused. */
    static final long MAX_RATIO = 200;

    private ConceptArchives() {
    }

    /** The files an archive of {@code c} holds: its concept file and every file it names. */
    static List<String> files(Concept c) {
        List<String> out = new ArrayList<>();
        out.add(ConceptJson.FILE);
        out.addAll(c.images());
        c.thumbnailFile().ifPresent(out::add);
        out.add(c.weights().file());
        if (!c.training().lossCurve().isEmpty()) {
            out.add(c.training().lossCurve());
        }
        return out.stream().distinct().toList();
    }

    /** Writes the concept in {@code folder} as an archive at {@code target} (whole, or not at all). */
    static void export(Path folder, Concept c, Path target, IProgressMonitor monitor) throws IOException {
        List<String> names = files(c);
        SubMonitor sub = SubMonitor.convert(monitor, "Exporting " + c.name(), names.size());
        Path temp = AtomicFile.tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp); ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
                for (String name : names) {
                    Path f = ConceptPaths.resolve(folder, name, "file");
                    if (!Files.isRegularFile(f)) {
                        throw new ConceptFileException(f, "is missing: the concept \"" + c.name() + "\" names it");
                    }
                    ZipArchiveEntry e = new ZipArchiveEntry(name);
                    e.setSize(Files.size(f));
                    zip.putArchiveEntry(e);
                    Files.copy(f, zip);
                    zip.closeArchiveEntry();
                    sub.split(1);
                }
                zip.finish();
            }
            AtomicFile.publish(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Checks {@code archive} and unpacks it into {@code staging}; returns its concept.
     *
     * @throws ConceptFileException naming the archive and what is wrong with it
     */
    static Concept unpack(Path archive, Path staging, IProgressMonitor monitor) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConceptFileException(archive, "does not exist");
        } catch (IOException e) {
            throw new ConceptFileException(archive, "is not a concept archive: it is damaged or not a zip file", e);
        }
        try (zip) {
            Map<String, ZipArchiveEntry> entries = check(archive, Collections.list(zip.getEntries()));
            ZipArchiveEntry conceptEntry = entries.get(ConceptJson.FILE);
            if (conceptEntry == null) {
                throw new ConceptFileException(archive, "is not a concept archive: it has no " + ConceptJson.FILE);
            }
            Concept c;
            try (InputStream in = zip.getInputStream(conceptEntry)) {
                c = ConceptJson.parse(Path.of(archive + "!/" + ConceptJson.FILE),
                        new String(readBounded(archive, conceptEntry, in, 1 << 20), StandardCharsets.UTF_8));
            }
            for (String name : files(c)) {
                if (!entries.containsKey(name)) {
                    throw new ConceptFileException(archive, "is incomplete: it lacks " + name + ", which the concept \""
                            + c.name() + "\" names");
                }
            }
            SubMonitor sub = SubMonitor.convert(monitor, "Unpacking " + c.name(), entries.size());
            for (Map.Entry<String, ZipArchiveEntry> e : entries.entrySet()) {
                if (e.getValue().isDirectory()) {
                    continue;
                }
                Path to = ConceptPaths.resolve(staging, e.getKey(), "file");
                Files.createDirectories(to.getParent());
                try (InputStream in = zip.getInputStream(e.getValue());
                        OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                    copyBounded(archive, e.getValue(), in, out);
                }
                sub.split(1);
            }
            return c;
        }
    }

    /** The archive's entries by name, after the checks that need no unpacking. */
    private static Map<String, ZipArchiveEntry> check(Path archive, List<ZipArchiveEntry> all)
            throws ConceptFileException {
        if (all.size() > MAX_ENTRIES) {
            throw new ConceptFileException(archive, "has " + all.size() + " entries, more than a concept's "
                    + MAX_ENTRIES + ": it is not a concept archive (or a harmful one) and was not unpacked");
        }
        Map<String, ZipArchiveEntry> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (ZipArchiveEntry e : all) {
            String name = e.isDirectory() && e.getName().endsWith("/") ? e.getName().substring(0, e.getName().length() - 1)
                    : e.getName();
            if (!ConceptPaths.inside(name)) {
                throw new ConceptFileException(archive, "holds the entry \"" + e.getName() + "\", which would be written "
                        + "outside the concept's folder: it was not unpacked");
            }
            if (e.isUnixSymlink()) {
                throw new ConceptFileException(archive, "holds a link (\"" + e.getName() + "\"): a concept archive "
                        + "holds plain files only; it was not unpacked");
            }
            if (!seen.add(name)) {
                throw new ConceptFileException(archive, "holds \"" + name + "\" twice: it was not unpacked");
            }
            long size = e.getSize();
            if (size < 0) {
                throw new ConceptFileException(archive, "does not say the size of \"" + name + "\": it was not unpacked");
            }
            long packed = e.getCompressedSize();
            if (size > (1 << 20) && packed > 0 && size / packed > MAX_RATIO) {
                throw new ConceptFileException(archive, "holds \"" + name + "\" packed " + size / packed + " times "
                        + "smaller than it unpacks to: a harmful archive (a zip bomb); it was not unpacked");
            }
            total += size;
            if (total > MAX_TOTAL_BYTES) {
                throw new ConceptFileException(archive, "unpacks to more than " + (MAX_TOTAL_BYTES >> 30) + " GiB, more "
                        + "than any concept: it was not unpacked");
            }
            out.put(name, e);
        }
        return out;
    }

    private static byte[] readBounded(Path archive, ZipArchiveEntry e, InputStream in, int cap) throws IOException {
        if (e.getSize() > cap) {
            throw new ConceptFileException(archive, "holds a " + e.getName() + " of " + e.getSize() + " bytes: too large "
                    + "for a concept's file");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        copyBounded(archive, e, in, out);
        return out.toByteArray();
    }

    /** Copies an entry, refusing more bytes than it declared (a header that lies about its size). */
    private static void copyBounded(Path archive, ZipArchiveEntry e, InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = e.getSize();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            left -= n;
            if (left < 0) {
                throw new ConceptFileException(archive, "holds \"" + e.getName() + "\", which unpacks to more than the "
                        + e.getSize() + " bytes it declares: a harmful archive; it was not unpacked");
            }
            out.write(buffer, 0, n);
        }
        if (left > 0) {
            throw new ConceptFileException(archive, "is damaged: \"" + e.getName() + "\" ends " + left + " bytes early");
        }
    }
}
