package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.internal.recent.RecentProjects;
import io.vswap.ui.testing.StudioWorkbench;
import io.vswap.ui.testing.Ui;

/**
 * File › Open Recent lists the projects opened or created lately, newest first, and opens one;
 * at start the last one is opened again, and one that is gone is taken off the list in words.
 */
class RecentProjectsTest {

    @BeforeAll
    static void workbench() {
        StudioWorkbench.ensureRunning();
    }

    @TempDir
    Path temp;

    @Test
    void openRecentListsNewestFirstOpensOneAndTheLastReopensAtStart() throws Exception {
        ProjectSession session = Ui.call(() -> PlatformUI.getWorkbench().getService(ProjectSession.class));
        Path first = temp.resolve("first show");
        Path second = temp.resolve("second show");
        session.create(first, "First");
        session.create(second, "Second");

        List<String> labels = Ui.call(() -> Arrays.stream(openRecent()).map(MenuItem::getText).toList());
        assertTrue(labels.size() >= 2, labels.toString());
        assertEquals("&1 second show  [" + second + "]", labels.get(0));
        assertEquals("&2 first show  [" + first + "]", labels.get(1));

        Ui.run(() -> {
            MenuItem older = openRecent()[1];
            older.notifyListeners(SWT.Selection, new Event());
        });
        assertEquals(first, session.current().orElseThrow().folder(), "the item opens its project");
        assertEquals(first, new RecentProjects().folders().get(0), "and it comes first");

        // at start: the last project again
        session.setCurrent(null);
        assertEquals("Reopened " + first + ".", new RecentProjects().reopenLast(session).orElseThrow());
        assertEquals(first, session.current().orElseThrow().folder());

        // one that is gone: said, and taken off the list
        session.setCurrent(null);
        deleteTree(first);
        String said = new RecentProjects().reopenLast(session).orElseThrow();
        assertEquals("The last project, " + first + ", is no longer there; it was taken off File › Open Recent.", said);
        assertTrue(session.current().isEmpty());
        assertEquals(second, new RecentProjects().folders().get(0));
    }

    /** File › Open Recent's items, filled as when the menu is shown. */
    private static MenuItem[] openRecent() {
        return Ui.menuItems(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "File", "Open Recent");
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
