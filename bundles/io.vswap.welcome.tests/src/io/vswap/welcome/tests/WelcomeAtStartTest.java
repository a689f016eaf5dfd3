package io.vswap.welcome.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vswap.welcome.internal.WelcomeAtStart;

/** When the welcome page opens by itself at start. */
class WelcomeAtStartTest {

    @Test
    void firstStartShowsItUnlessAProjectWasReopenedShowAtStartAlwaysAndThePropertyNever() {
        assertTrue(WelcomeAtStart.due(null, false, false, false), "first start");
        assertFalse(WelcomeAtStart.due(null, false, false, true), "first start, but a project was reopened");
        assertFalse(WelcomeAtStart.due(null, true, false, false), "shown before, Show at start off");
        assertTrue(WelcomeAtStart.due(null, true, true, true), "Show at start on");
        assertFalse(WelcomeAtStart.due("false", false, true, false), "the tests' property");
        assertTrue(WelcomeAtStart.due("true", false, false, false));
    }
}
