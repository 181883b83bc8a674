package dev.lathe.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wall's state without a screen: what may run, and what one run on this computer leaves behind. */
class WallViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void runsTheTickedVariantOnTheTickedDeviceAndStoresTheRunWithItsFingerprint() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        ModelRecord model = engine.workbench().open(TestModels.tiny(tmp));
        TestDevices devices = TestDevices.thisComputerOnly(engine.thisComputer());
        RecordingErrors errors = new RecordingErrors();
        WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), errors, devices,
                Optional.of(TestModels.dataset()));

        assertThat(wall.problemProperty().get()).isEqualTo("Select a model on the left");
        wall.setModel(model);
        assertThat(wall.problemProperty().get()).startsWith("Tick at least one online device");
        wall.showDevices(devices.entries());
        assertThat(wall.problemProperty().get()).isEmpty();
        wall.settings().iterationsProperty().set(120);
        wall.settings().warmupProperty().set(5);

        wall.run();

        assertThat(errors.reported()).isEmpty();
        assertThat(wall.runningProperty().get()).isFalse();
        assertThat(wall.rows()).singleElement().satisfies(row -> {
            assertThat(row.outcome()).isEqualTo("done");
            assertThat(row.stats().orElseThrow().count()).isEqualTo(120);
            assertThat(row.temperature()).isEqualTo("no readings");
        });
        assertThat(wall.feeds()).singleElement().satisfies(feed -> assertThat(feed.count()).isEqualTo(120));
        assertThat(engine.workbench().benchmarks(model)).singleElement().satisfies(run ->
                assertThat(run.result().device()).isEqualTo(engine.thisComputer().describe()));
    }

    @Test
    void aDeviceThatIsNotOnlineCannotBeTickedAndSaysWhy() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), new RecordingErrors(),
                TestDevices.thisComputerOnly(engine.thisComputer()), Optional.empty());

        wall.showDevices(List.of(new DeviceEntry("10.0.0.7:7443", "jetson", "10.0.0.7:7443", DeviceState.OFFLINE,
                "no answer for 30 s", Optional.empty())));

        assertThat(wall.devices()).singleElement().satisfies(choice -> {
            assertThat(choice.enabled()).isFalse();
            assertThat(choice.selected().get()).isFalse();
            assertThat(choice.note()).isEqualTo("offline: no answer for 30 s");
        });
    }
}
