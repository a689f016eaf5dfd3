package io.vswap.video.internal.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.ProjectNames;
import io.vswap.files.api.StrictJson;
import io.vswap.video.api.AtomicFileSet;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipFrames;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectLock;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoProbe;

/**
 * Projects as folders of JSON files. Format 2: {@code project.vswap.json} names the project
 * and lists its shots; each shot lives in {@code shots/<id>/shot.json}, so saving or damaging
 * one shot never touches another. Format 1 (the first pre-release layout) kept every shot
 * inline in the project file; it is migrated on open and a copy of the old file is kept.
 */
@Component(service = ProjectStore.class)
public final class FolderProjectStore implements ProjectStore {

    static final String FORMAT_TAG = "vswap-project";
    static final String SHOT_FILE = "shot.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @Reference
    private VideoCodecRegistry codecs;

    private volatile Path cacheRoot;

    /** For tests and non-OSGi use; DS injects the field otherwise. */
    public FolderProjectStore() {
    }

    FolderProjectStore(VideoCodecRegistry codecs) {
        this.codecs = codecs;
    }

    @Override
    public void setCacheRoot(Path root) {
        if (root != null && !root.isAbsolute()) {
            throw new IllegalArgumentException("the cache root must be an absolute path: " + root);
        }
        cacheRoot = root;
    }

    @Override
    public Path cacheRoot() {
        return cacheRoot;
    }

    /** {@code cache/} in the project, or a folder under the cache root named after the project's path. */
    private Path cacheFolderOf(Path projectFolder) {
        Path root = cacheRoot;
        if (root == null) {
            return projectFolder.resolve("cache");
        }
        String path = projectFolder.toAbsolutePath().normalize().toString();
        String hash = String.format("%08x", path.hashCode());
        return root.resolve(slug(projectFolder.getFileName() == null ? "project" : projectFolder.getFileName().toString())
                + "-" + hash);
    }

    @Override
    public Project create(Path folder, String name) throws IOException {
        Path file = folder.resolve(Project.PROJECT_FILE);
        if (Files.exists(file)) {
            throw new IOException(folder + " already holds a project (" + Project.PROJECT_FILE
                    + "). Open it, or choose an empty folder for the new project.");
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException(folder + " is a file, not a folder. Choose a folder for the new project.");
        }
        Path base = folder.toAbsolutePath().normalize();
        Project p = new Project(base, name, List.of(), cacheFolderOf(base));
        save(p);
        return p;
    }

    @Override
    public Project open(Path folder) throws IOException, ProjectFormatException {
        Path file = folder.resolve(Project.PROJECT_FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    folder + " is not a VideoSwap project: it has no " + Project.PROJECT_FILE + ".");
        }
        JsonObject root = readJson(file);
        JsonElement format = root.get("format");
        String tag = format != null && format.isJsonPrimitive() ? format.getAsString() : "";
        if (!FORMAT_TAG.equals(tag)) {
            throw new ProjectFormatException(file, file + " is not a VideoSwap project file.", null);
        }
        int version = ProjectJson.integer(root, "formatVersion", file);
        if (version > FORMAT_VERSION) {
            throw new ProjectFormatException(file, String.format(
                    "%s was written by a newer VideoSwap Studio (project format %d; this version reads formats up to %d). "
                            + "Open it with a newer VideoSwap Studio; the file was not changed.",
                    file, version, FORMAT_VERSION), null);
        }
        Path base = folder.toAbsolutePath().normalize();
        String name = ProjectJson.string(root, "name", file);
        List<Shot> shots = new ArrayList<>();
        if (version < 2) {
            // Format 1: shots inline. Keep the old file beside the new ones, then rewrite.
            for (JsonElement e : ProjectJson.array(root, "shots", file)) {
                if (!e.isJsonObject()) {
                    throw ProjectJson.bad(file, "an entry of \"shots\" is not a shot object");
                }
                shots.add(ProjectJson.shot(e.getAsJsonObject(), file));
            }
            Project migrated = new Project(base, name, shots, cacheFolderOf(base));
            try (ProjectLock lock = ProjectLock.acquire(base, ProjectLock.DEFAULT_WAIT)) {
                Files.copy(file, file.resolveSibling(Project.PROJECT_FILE + ".v" + version + ".bak"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                save(migrated);
            }
            return migrated;
        }
        for (JsonElement e : ProjectJson.array(root, "shots", file)) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw ProjectJson.bad(file, "an entry of \"shots\" is not a shot id");
            }
            String id = e.getAsString();
            try {
                ProjectNames.requirePlain(id, "the shot id");
            } catch (IllegalArgumentException x) {
                throw ProjectJson.bad(file, x.getMessage() + " (an id names the shot's folder under shots/)");
            }
            Path shotFile = base.resolve("shots").resolve(id).resolve(SHOT_FILE);
            if (!Files.isRegularFile(shotFile)) {
                throw new ProjectFormatException(shotFile, String.format(
                        "The project lists shot \"%s\" but %s is missing. Restore the shot folder from a backup, "
                                + "or remove \"%s\" from the shots of %s.",
                        id, shotFile, id, file), null);
            }
            JsonObject shotJson = readJson(shotFile);
            requireReadable(shotJson, shotFile);
            Shot shot = ProjectJson.shot(shotJson, shotFile);
            if (!shot.id().equals(id)) {
                throw ProjectJson.bad(shotFile, "it holds shot \"" + shot.id() + "\" but lies in the folder of \"" + id + "\"");
            }
            shots.add(shot);
        }
        Project project = new Project(base, name, shots, cacheFolderOf(base));
        completeInterruptedRenders(project);
        return project;
    }

    /**
     * A render publication a fault interrupted (its journal still in {@code renders/}) is completed
     * before anything reads the renders: taking the lock rolls it forward ({@link AtomicFileSet}).
     * A project another writer holds, or one on a read-only disk, is read as it is.
     */
    private static void completeInterruptedRenders(Project project) {
        if (!AtomicFileSet.hasPendingPublication(project.rendersFolder())) {
            return;
        }
        try (ProjectLock lock = ProjectLock.acquire(project.folder(), Duration.ZERO)) {
            // acquiring recovered it
        } catch (IOException e) {
            // the holder's own acquire completed it, or the folder cannot be written; nothing to add
        }
    }

    /** A shot file of a newer format is refused by name, as a project file is; one without a version is format 2. */
    private static void requireReadable(JsonObject shot, Path file) throws ProjectFormatException {
        if (!shot.has("formatVersion")) {
            return;
        }
        int version = ProjectJson.integer(shot, "formatVersion", file);
        if (version > FORMAT_VERSION) {
            throw new ProjectFormatException(file, String.format(
                    "%s was written by a newer VideoSwap Studio (shot format %d; this version reads formats up to %d). "
                            + "Open the project with a newer VideoSwap Studio; the file was not changed.",
                    file, version, FORMAT_VERSION), null);
        }
    }

    /**
     * Writes {@code written} to {@code file}, keeping the fields of the file already there that
     * this version does not write (a field added by a later version or by hand survives a save).
     */
    private static void writeKeepingUnknown(Path file, JsonObject written) throws IOException {
        if (Files.isRegularFile(file)) {
            try {
                JsonElement old = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
                if (old.isJsonObject()) {
                    for (var m : old.getAsJsonObject().entrySet()) {
                        if (!written.has(m.getKey())) {
                            written.add(m.getKey(), m.getValue());
                        }
                    }
                }
            } catch (JsonParseException | IOException e) {
                // a damaged old file has nothing to keep
            }
        }
        AtomicFile.writeString(file, GSON.toJson(written));
    }

    private static JsonObject readJson(Path file) throws IOException, ProjectFormatException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            JsonElement e = StrictJson.parse(text);
            if (!e.isJsonObject()) {
                throw ProjectJson.bad(file, "it does not hold a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ProjectFormatException(file, file + " is damaged (not valid JSON: " + e.getMessage()
                    + "). Restore it from a backup; the rest of the project folder is untouched.", e);
        }
    }

    @Override
    public void save(Project project) throws IOException {
        Path folder = project.folder();
        Files.createDirectories(folder);
        Files.createDirectories(project.cacheFolder());
        Files.createDirectories(project.rendersFolder());
        JsonArray ids = new JsonArray();
        for (Shot s : project.shots()) {
            JsonObject o = ProjectJson.shot(s);
            o.addProperty("formatVersion", FORMAT_VERSION);
            Path shotFolder = project.shotFolder(s.id());
            Files.createDirectories(shotFolder);
            writeKeepingUnknown(shotFolder.resolve(SHOT_FILE), o);
            ids.add(s.id());
        }
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT_TAG);
        root.addProperty("formatVersion", FORMAT_VERSION);
        root.addProperty("name", project.name());
        root.addProperty("saved", Instant.now().toString());
        root.add("shots", ids);
        // The project file last: it only ever names shot files already complete on disk.
        writeKeepingUnknown(project.projectFile(), root);
    }

    @Override
    public Project importShot(Project project, Path video, String shotName, String clipName, ClipSettings settings,
            IProgressMonitor monitor) throws VideoException, IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Importing " + video.getFileName(), 10);
        VideoCodec codec = codecs.codecFor(video);
        VideoProbe probe = codec.probe(video);
        sub.worked(8);
        ClipSettings clipSettings = settings != null ? settings : ClipSettings.defaults(probe, 512, 512);
        clipSettings.checkAgainst(probe);
        String name = shotName == null || shotName.isBlank() ? baseName(video) : shotName;
        // read, add, write under the project's lock: a shot another process added meanwhile is kept
        try (ProjectLock lock = ProjectLock.acquire(project.folder(), ProjectLock.DEFAULT_WAIT)) {
            Project current;
            try {
                current = Files.isRegularFile(project.projectFile()) ? open(project.folder()) : project;
            } catch (ProjectFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
            Shot shot = new Shot(uniqueShotId(current, name), name, video.toAbsolutePath().normalize(), codec.id(), probe,
                    List.of(new Clip(clipName == null || clipName.isBlank() ? "clip" : clipName, clipSettings)));
            Project updated = current.withShot(shot);
            save(updated);
            sub.worked(2);
            return updated;
        }
    }

    @Override
    public Path prepareClip(Project project, Shot shot, Clip clip, IProgressMonitor monitor)
            throws VideoException, IOException {
        return new ClipCache(codecs, project, shot, clip).prepare(monitor);
    }

    @Override
    public List<RgbFrame> readClipFrames(Project project, Shot shot, Clip clip, IProgressMonitor monitor)
            throws VideoException, IOException {
        return new ClipCache(codecs, project, shot, clip).read(monitor);
    }

    @Override
    public ClipFrames openClipFrames(Project project, Shot shot, Clip clip, IProgressMonitor monitor)
            throws VideoException, IOException {
        return new ClipCache(codecs, project, shot, clip).open(monitor);
    }

    static String baseName(Path video) {
        String n = video.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "shot" : s;
    }

    private static String uniqueShotId(Project project, String name) {
        String base = slug(name);
        String id = base;
        for (int i = 2; project.shot(id).isPresent() || Files.exists(project.shotFolder(id)); i++) {
            id = base + "-" + i;
        }
        return id;
    }
}
