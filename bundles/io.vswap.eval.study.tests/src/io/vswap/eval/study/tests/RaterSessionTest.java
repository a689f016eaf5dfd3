package io.vswap.eval.study.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.eval.study.api.AnswerSheet;
import io.vswap.eval.study.api.AnswerSheets;
import io.vswap.eval.study.api.Blinding;
import io.vswap.eval.study.api.Blinding.Presentation;
import io.vswap.eval.study.api.Blinding.Shown;
import io.vswap.eval.study.api.Choice;
import io.vswap.eval.study.api.RaterSession;
import io.vswap.eval.study.api.RaterSession.ShownPair;
import io.vswap.eval.study.api.Studies;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyPair;
import io.vswap.eval.study.api.StudyResults;

/** Blinding, the rater's session and its files, without the workbench. */
class RaterSessionTest {

    @Test
    void eachRaterHasASeededOrderAndSidesThatTheStudyFileRecords(@TempDir Path dir) throws Exception {
        Study study = StudyFixtures.study(dir, 8, List.of("ann", "bob"), "tune-a-video");
        List<String> ids = study.pairs().stream().map(StudyPair::id).toList();
        Presentation ann = study.presentationFor("ann");
        assertEquals(Blinding.draw(42, "ann", ids), ann, "drawn from the seed and the name");
        assertEquals(new HashSet<>(ids), new HashSet<>(ann.pairs().stream().map(Shown::pairId).toList()),
                "every pair shown once");
        assertNotEquals(ids, ann.pairs().stream().map(Shown::pairId).toList(), "not in the study's order");
        assertNotEquals(ann.pairs(), study.presentationFor("bob").pairs(), "each rater an order of their own");
        assertNotEquals(ann.pairs(), Blinding.draw(43, "ann", ids).pairs(), "another seed, another order");
        assertTrue(ann.pairs().stream().anyMatch(Shown::aOnLeft) && ann.pairs().stream().anyMatch(s -> !s.aOnLeft()),
                "sides drawn too");

        StudyFolder folder = StudyFolder.create(dir.resolve("study"), study);
        Study read = Studies.read(folder.folder().resolve(Studies.FILE));
        assertEquals(study.raters(), read.raters(), "the presentations are recorded in the study file");
        assertEquals(study.seed(), read.seed());
        assertEquals(study.pairs().get(0).a().video().toAbsolutePath(), read.pairs().get(0).a().video());
        String text = Files.readString(folder.folder().resolve(Studies.FILE));
        assertTrue(text.contains("\"seed\": 42") && text.contains("\"blinding\": \"" + Blinding.RULE + "\""), text);
        assertEquals(Blinding.draw(42, "carol", ids), read.presentationFor("carol"), "a rater named later");
    }

    @Test
    void aStudyFileOfANewerVersionIsRefusedByName(@TempDir Path dir) throws Exception {
        StudyFolder folder = StudyFolder.create(dir.resolve("study"), StudyFixtures.study(dir, 2, List.of()));
        Path file = folder.folder().resolve(Studies.FILE);
        Files.writeString(file, Files.readString(file).replace("\"version\": 1", "\"version\": 2"));
        StudyFileException e = assertThrows(StudyFileException.class, () -> Studies.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("version 2")
                && e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void everyAnswerIsSavedAtOnceAndASessionResumes(@TempDir Path dir) throws Exception {
        StudyFolder folder = StudyFolder.create(dir.resolve("study"), StudyFixtures.study(dir, 4, List.of()));
        RaterSession session = RaterSession.open(folder, "Ann Lee");
        ShownPair first = session.next().orElseThrow();
        assertEquals(1, first.position());
        session.answer(first.pairId(), Map.of("identity", Choice.LEFT, "motion", Choice.CANT_TELL));
        Path file = folder.answersFile("Ann Lee");
        AnswerSheet saved = AnswerSheets.read(file, folder.study());
        assertEquals(Map.of("identity", Choice.LEFT, "motion", Choice.CANT_TELL),
                saved.answer(first.pairId()).orElseThrow().choices(), "saved after the first answer");
        assertEquals(0, session.progress().answered(), "a pair counts once every question is answered");
        assertEquals(first.pairId(), session.next().orElseThrow().pairId(), "still the same pair");
        session.answer(first.pairId(), Map.of("temporal", Choice.RIGHT, "overall", Choice.LEFT));
        assertEquals(new RaterSession.Progress(1, 4), session.progress());
        ShownPair second = session.next().orElseThrow();
        session.answer(second.pairId(), Map.of("identity", Choice.RIGHT));

        // as after a crash: a new session reads what was saved, whole, and goes on where the rater was
        RaterSession resumed = RaterSession.open(folder, "Ann Lee");
        assertEquals(second.pairId(), resumed.next().orElseThrow().pairId());
        assertEquals(Map.of("identity", Choice.LEFT, "motion", Choice.CANT_TELL, "temporal", Choice.RIGHT,
                "overall", Choice.LEFT), resumed.sheet().answer(first.pairId()).orElseThrow().choices());
        try (Stream<Path> files = Files.list(folder.answersFolder())) {
            assertEquals(List.of(file.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList(),
                    "one file per rater, no temporary left behind");
        }
        StudyPair pair = folder.study().pair(first.pairId()).orElseThrow();
        assertEquals(pair.left(resumed.sheet().answer(first.pairId()).orElseThrow().aOnLeft()).video(), first.left(),
                "the side recorded is the side shown");
    }

    @Test
    void aDamagedAnswersFileIsRefusedByNameAndTheOtherRatersAreKept(@TempDir Path dir) throws Exception {
        StudyFolder folder = StudyFolder.create(dir.resolve("study"), StudyFixtures.study(dir, 3, List.of()));
        for (String rater : List.of("ann", "bob")) {
            RaterSession s = RaterSession.open(folder, rater);
            while (s.next().isPresent()) {
                s.answer(s.next().get().pairId(), Map.of("identity", Choice.LEFT, "motion", Choice.LEFT,
                        "temporal", Choice.LEFT, "overall", Choice.LEFT));
            }
        }
        Path bob = folder.answersFile("bob");
        Files.writeString(bob, Files.readString(bob).substring(0, 200)); // cut short, as by a full disk
        StudyFolder.Answers answers = folder.answers();
        assertEquals(List.of("ann"), answers.sheets().stream().map(AnswerSheet::rater).toList());
        assertEquals(1, answers.refused().size());
        String why = answers.refused().get(0).getMessage();
        assertTrue(why.startsWith(bob.toString()) && why.contains("damaged"), why);
        StudyFileException e = assertThrows(StudyFileException.class, () -> RaterSession.open(folder, "bob"));
        assertEquals(bob, e.file());
        StudyResults results = StudyResults.of(folder.study(), answers);
        assertEquals(List.of(why), results.refused(), "the results say which file was left out");
        assertEquals(3, results.rows().stream().flatMap(r -> r.cells().stream())
                .filter(c -> c.criterion().equals("overall")).mapToInt(c -> c.forVariant() + c.forAgainst()).sum(),
                "ann's three answers counted");
    }

    @Test
    void importedAnswersAreCheckedAgainstTheStudy(@TempDir Path dir) throws Exception {
        StudyFolder folder = StudyFolder.create(dir.resolve("study"), StudyFixtures.study(dir, 3, List.of()));
        Study study = folder.study();
        Shown first = study.presentationFor("dan").pairs().get(0);
        AnswerSheet good = new AnswerSheet(study.id(), "dan", List.of(new AnswerSheet.PairAnswer(first.pairId(),
                first.position(), first.aOnLeft(), Map.of("overall", Choice.RIGHT), "")));
        Path sent = dir.resolve("answers-dan.json");
        AnswerSheets.write(sent, good);
        assertEquals(folder.answersFile("dan"), folder.importAnswers(sent));

        refused(folder, sent, good.answers(), "other-study", "dan", "another study");
        refused(folder, sent, List.of(new AnswerSheet.PairAnswer("p99", 1, true, Map.of(), "")), study.id(), "dan",
                "p99");
        refused(folder, sent, List.of(new AnswerSheet.PairAnswer(first.pairId(), first.position(), !first.aOnLeft(),
                Map.of(), "")), study.id(), "dan", "sides differ");
        refused(folder, sent, List.of(new AnswerSheet.PairAnswer(first.pairId(), first.position(), first.aOnLeft(),
                Map.of("beauty", Choice.LEFT), "")), study.id(), "dan", "beauty");
        refused(folder, sent, List.of(), study.id(), "dan", "earlier export");
        Files.writeString(sent, Files.readString(folder.answersFile("dan")).replace("\"rater\": \"dan\"",
                "\"rater\": \"\""));
        assertTrue(assertThrows(StudyFileException.class, () -> folder.importAnswers(sent)).getMessage()
                .contains("rater"), "a nameless rater");
    }

    private static void refused(StudyFolder folder, Path sent, List<AnswerSheet.PairAnswer> answers, String studyId,
            String rater, String why) throws Exception {
        AnswerSheets.write(sent, new AnswerSheet(studyId, rater, answers));
        StudyFileException e = assertThrows(StudyFileException.class, () -> folder.importAnswers(sent));
        assertTrue(e.getMessage().startsWith(sent.toString()) && e.getMessage().contains(why), e.getMessage());
    }
}
