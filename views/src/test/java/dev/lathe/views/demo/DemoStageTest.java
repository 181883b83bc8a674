package dev.lathe.views.demo;

import static dev.lathe.views.support.Gui.await;
import static dev.lathe.views.support.Gui.onFx;
import static dev.lathe.views.support.Gui.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.demo.Rehearsal;
import dev.lathe.engine.demo.Rehearsal.RecordedStep;
import dev.lathe.engine.demo.Rehearsals;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import dev.lathe.views.wall.WallView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A demo played in the real window's Stage view against a real agent on loopback: rehearsed live first, then played
 * again while the agent is killed in the middle of the wall step, when the rehearsal's recording takes over and the
 * screen says it is a replay.
 */
class DemoStageTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private final RecordingErrors errors = new RecordingErrors();
    private TestEngine engine;
    private TestAgent agent;
    private ExecutorService pool;
    private LatheWindow window;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openWindow() throws Exception {
        engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"));
        agent = TestAgent.start(tmp.resolve("agent"), true);
        engine.devices().pair("127.0.0.1", agent.port(), agent.token());
        pool = DaemonThreads.pool("test-task");
        ViewServices services = new ViewServices(engine.workbench(), new FxTaskRunner(pool), Optional.empty(),
                Optional.empty(), Optional.empty(), new RecentFiles(tmp.resolve("data/recent.properties")), errors);
        window = onFx(() -> LatheWindow.show(new Stage(), services));
    }

    @AfterEach
    void closeWindow() throws Exception {
        runFx(() -> window.stageView(false));
        FxToolkit.cleanupStages();
        agent.close();
        pool.shutdownNow();
        engine.close();
    }

    @Test
    void aRehearsedWallStepIsReplayedAndSaidToBeWhenItsBoardDiesMidStep() throws Exception {
        Path model = TestModels.tiny(tmp);
        Path scenario = Files.writeString(tmp.resolve("talk.lathe-demo.yaml"), String.join("\n",
                "lathe-demo: 1",
                "title: Tiny on a board",
                "steps:",
                "  - open: " + model.getFileName(),
                "    caption: A tiny classifier",
                "  - wall: [this computer, every paired board]",
                "    seconds: 3",
                ""));

        // The rehearsal: both steps live, stepped with Space in Stage view.
        DemoPlayer rehearsal = play(scenario, null);
        assertThat(onFx(window::inStageView)).isTrue();
        assertThat(caption()).startsWith("Tiny on a board");
        // Before the first step, the scenario is checked as lathe demo check does: the board answers. (After a
        // collection: the stage's lines must not hang on a view of them that nothing keeps.)
        System.gc();
        await("the check's lines", 20, () -> rehearsal.lines().stream().anyMatch(l -> l.startsWith("Ready")));
        assertThat(onFx(() -> List.copyOf(rehearsal.lines()))).anyMatch(l -> l.startsWith("Step 2 wall: ok"));
        step(rehearsal);
        assertThat(caption()).isEqualTo("Step 1 of 2   ·   A tiny classifier");
        step(rehearsal);
        assertThat(onFx(() -> rehearsal.replayNoteProperty().get())).isEmpty();
        assertThat(onFx(() -> rehearsal.phaseProperty().get())).isEqualTo(DemoPlayer.Phase.FINISHED);
        Rehearsals library = new Rehearsals(tmp.resolve("data/rehearsals"));
        // Written off the FX thread once the step has ended.
        await("the rehearsal's wall step to be written", 10,
                () -> library.latestWith(rehearsal.scenario(), 2).isPresent());
        Rehearsal recorded = library.latest(onFx(rehearsal::scenario)).orElseThrow();
        RecordedStep wall = recorded.done(2).orElseThrow();
        assertThat(wall.series()).extracting(Rehearsal.RecordedSeries::device).hasSize(2);
        assertThat(wall.series()).allSatisfy(s -> assertThat(s.count()).isPositive());

        // The show: the board dies a second into the wall; the rehearsal's wall plays instead, and says so.
        DemoPlayer show = play(scenario, rehearsal);
        step(show);
        robot.push(KeyCode.SPACE);
        Thread.sleep(1000);
        agent.close();
        await("the replay to take over", 20, () -> show.replayNoteProperty().get().startsWith("Replay"));
        String note = onFx(() -> show.replayNoteProperty().get());
        assertThat(note).startsWith("Replay of the rehearsal at ").contains("the board did not answer");
        assertThat(onFx(() -> robot.lookup("#demo-replay").queryAs(Label.class).isVisible())).isTrue();
        WallView wallView = onFx(() -> robot.lookup("#wall-view").queryAs(WallView.class));
        await("the replay's panels to draw samples", 10, () -> wallView.panels().stream()
                .anyMatch(p -> p.samples() > 0));
        assertThat(onFx(() -> List.copyOf(wallView.viewModel().feeds()))).hasSize(2)
                .allSatisfy(f -> assertThat(f.device()).endsWith(Replay.MARK));
        await("the replay to end", 20, () -> show.phaseProperty().get() == DemoPlayer.Phase.FINISHED);

        // The show's own recording keeps the step as failed, with why: a replay is never recorded as live.
        await("the show's recording to be written", 10, () -> library.latest(show.scenario())
                .map(r -> r.steps().size() == 2).orElse(false));
        Rehearsal showRecording = Rehearsals.read(library.latest(onFx(show::scenario)).orElseThrow().folder());
        assertThat(showRecording.folder()).isNotEqualTo(recorded.folder());
        assertThat(showRecording.done(2)).isEmpty();
        assertThat(showRecording.steps()).filteredOn(s -> s.number() == 2).singleElement()
                .satisfies(s -> assertThat(s.problem()).contains("the board did not answer"));
        assertThat(errors.reported()).isEmpty();
    }

    private DemoPlayer play(Path scenario, DemoPlayer before) throws Exception {
        runFx(() -> window.playDemo(scenario));
        await("the demo to be read", 10, () -> window.demo().isPresent() && window.demo().get() != before);
        runFx(() -> window.stage().requestFocus());
        return onFx(() -> window.demo().orElseThrow());
    }

    /** Space, as the presenter presses it, then the step's end. */
    private void step(DemoPlayer player) throws Exception {
        robot.push(KeyCode.SPACE);
        await("the step to end", 30, () -> player.phaseProperty().get() != DemoPlayer.Phase.RUNNING);
    }

    private String caption() {
        return onFx(() -> robot.lookup("#demo-caption").queryAs(Label.class).getText());
    }
}
