package dev.lathe.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.engine.runtime.executorch.ExecuTorchRuntime;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Files;
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
        engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"));
        ModelRecord model = engine.workbench().open(TestModels.tiny(tmp));
        TestDevices devices = engine.devices();
        RecordingErrors errors = new RecordingErrors();
        WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), errors,
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

    /**
     * One variant in each ticked runtime, on this computer as in the app (a model worker, ExecuTorch's runner where
     * the build made one): a row per runtime, named by it, each run stored against the copy the wall exported.
     */
    @Test
    void measuresEachVariantInEachTickedRuntimeAndNamesTheRuntimeInItsRow() throws Exception {
        boolean executorch = ExecuTorchRuntime.installed("fine").isPresent();
        engine = TestEngine.withModelWorker(tmp.resolve("lathe.db"), Files.createDirectories(tmp.resolve("logs")));
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        RecordingErrors errors = new RecordingErrors();
        WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), errors, Optional.empty());
        wall.setModel(model);
        wall.showDevices(engine.workbench().devices().entries());
        assertThat(wall.runtimes()).filteredOn(c -> c.selected().get()).extracting(WallChoice::value)
                .containsExactly(RuntimeChoice.ONNX_RUNTIME);
        wall.runtimes().forEach(c -> c.selected().set(false));
        assertThat(wall.problemProperty().get()).isEqualTo("Tick at least one runtime");
        List<RuntimeChoice> ticked = List.of(RuntimeChoice.ONNX_RUNTIME, RuntimeChoice.EXECUTORCH_XNNPACK,
                RuntimeChoice.LIBTORCH);
        wall.runtimes().stream().filter(c -> ticked.contains(c.value())).forEach(c -> c.selected().set(true));
        wall.settings().iterationsProperty().set(30);
        wall.settings().warmupProperty().set(3);

        wall.run();

        assertThat(errors.reported()).isEmpty();
        assertThat(wall.rows()).extracting(WallRow::variant).containsExactly(model.name() + " · ONNX Runtime",
                model.name() + " · ExecuTorch XNNPACK", model.name() + " · libtorch");
        for (WallRow row : wall.rows()) {
            boolean runsHere = executorch || !row.variant().endsWith("ExecuTorch XNNPACK");
            assertThat(row.outcome().equals("done")).as(row.variant() + ": " + row.outcome()).isEqualTo(runsHere);
            if (runsHere) {
                assertThat(row.stats().orElseThrow().count()).isEqualTo(30);
            }
        }
        assertThat(engine.workbench().runsInRuntimes(model)).extracting(r -> r.runtime())
                .containsExactlyInAnyOrderElementsOf(executorch ? List.of("onnxruntime", "executorch", "libtorch")
                        : List.of("onnxruntime", "libtorch"));
    }

    /**
     * Accuracy is a figure of the device that measured it: the wall evaluates the same examples on this computer and
     * on a board (a second real agent, on this same CPU here) and sets each board's top-1 against this computer's.
     */
    @Test
    void evaluatesTheSameExamplesOnEveryTickedDeviceAndSetsEachAgainstThisComputer() throws Exception {
        engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"));
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        TestDevices devices = engine.devices();
        RecordingErrors errors = new RecordingErrors();
        try (TestAgent agent = TestAgent.start(tmp.resolve("agent"))) {
            devices.pair("127.0.0.1", agent.port(), agent.token());
            WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), errors,
                    Optional.of(TestModels.dataset()));
            wall.setModel(model);
            wall.showDevices(devices.entries());
            wall.measureProperty().set(WallMeasure.ACCURACY);
            wall.accuracy().examplesProperty().set("zero");
            assertThat(wall.problemProperty().get()).startsWith("Examples: a whole number of 1 or more");
            wall.accuracy().examplesProperty().set("200");
            assertThat(wall.problemProperty().get()).isEmpty();

            wall.run();

            assertThat(errors.reported()).isEmpty();
            assertThat(wall.rows()).as("no latency rows in an accuracy run").isEmpty();
            assertThat(wall.accuracyRows()).hasSize(2).allSatisfy(row -> {
                assertThat(row.outcome()).isEqualTo("done");
                assertThat(row.evaluation().orElseThrow().result().samples()).isEqualTo(200);
                assertThat(row.flagged()).isFalse();
            });
            assertThat(wall.accuracyRows().get(0).comparison()).isEqualTo("this computer");
            assertThat(wall.accuracyRows().get(1).comparison()).isEqualTo("+0.00 pp");
            assertThat(wall.accuracyRows().get(1).int8Path()).isEqualTo(engine.thisComputer().describe().int8Path()
                    .label());
            assertThat(wall.feeds()).allSatisfy(feed -> assertThat(feed.frame().orElseThrow().accuracy())
                    .singleElement().satisfies(line -> assertThat(line).startsWith(model.name() + "  ")));
            assertThat(engine.workbench().evaluations(model)).extracting(e -> e.device().id())
                    .containsExactlyInAnyOrder(engine.thisComputer().describe().id(),
                            devices.device(devices.entries().get(1).key()).describe().id());
            assertThat(wall.saturationProperty().get()).as("a float model saturates nothing").isEmpty();
        }
    }

    /** prune → finetune makes a grandchild; the wall lists the whole tree and keeps ticks when a variant is made. */
    @Test
    void listsTheWholeFamilyTreeAndTakesInVariantsMadeSinceKeepingTheTicks() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        List<StoredVariant> chain = engine.workbench().optimize(model, OptimizeRequest.of(new RecipeParser().parse(
                "chain.yaml", "lathe: 1\nname: chain\nsteps:\n  - quantize: { mode: weight-only }\n"
                        + "  - convert: { precision: fp16 }\n")), Progress.NONE);
        ModelRecord grandchild = chain.get(1).model();
        assertThat(grandchild.parentSha256()).contains(chain.get(0).model().sha256());
        WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), new RecordingErrors(),
                Optional.empty());

        wall.setModel(grandchild);
        assertThat(wall.variants()).extracting(WallChoice::label).containsExactly(model.name(),
                chain.get(0).model().name(), grandchild.name());
        wall.variants().get(1).selected().set(false);
        ModelRecord made = engine.workbench().optimize(model, OptimizeRequest.of(new RecipeParser().parse("d.yaml",
                "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n")), Progress.NONE).get(0).model();
        wall.setModel(made);

        assertThat(wall.variants()).extracting(WallChoice::label).containsExactly(model.name(),
                chain.get(0).model().name(), grandchild.name(), made.name());
        assertThat(wall.variants()).extracting(c -> c.selected().get()).containsExactly(true, false, true, true);
    }

    @Test
    void aDeviceThatIsNotOnlineCannotBeTickedAndSaysWhy() throws Exception {
        engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"));
        WallViewModel wall = new WallViewModel(engine.workbench(), new InlineTaskRunner(), new RecordingErrors(),
                Optional.empty());

        wall.showDevices(List.of(new DeviceEntry("10.0.0.7:7443", "jetson", "10.0.0.7:7443", DeviceState.OFFLINE,
                "no answer for 30 s", Optional.empty())));

        assertThat(wall.devices()).singleElement().satisfies(choice -> {
            assertThat(choice.enabled()).isFalse();
            assertThat(choice.selected().get()).isFalse();
            assertThat(choice.note()).isEqualTo("offline: no answer for 30 s");
        });
    }
}
