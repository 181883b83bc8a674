package dev.lathe.views.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.demo.DemoStep;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoStepsTest {
    @TempDir
    Path tmp;

    @Test
    void aPairedBoardGoneOfflineFailsTheWallOnlyAfterThisComputerRanTheFamily() throws Exception {
        try (TestEngine engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"));
             TestAgent agent = TestAgent.start(tmp.resolve("agent"))) {
            DeviceEntry board = engine.devices().pair("127.0.0.1", agent.port(), agent.token());
            engine.devices().goOffline(board.key());
            DemoSteps steps = new DemoSteps(engine.workbench(), tmp.resolve("export"));
            assertThat(steps.model()).isEmpty();
            assertThat(steps.devices(List.of("THIS COMPUTER", "every paired board", board.key())))
                    .extracting(DeviceEntry::key).as("each device once").containsExactly("local", board.key());
            assertThatThrownBy(() -> steps.devices(List.of("jetson"))).isInstanceOf(DemoException.class)
                    .hasMessageStartingWith("No device is called 'jetson'; name one of: this computer, every "
                            + "paired board, ");

            steps.run(step(1, new DemoStep.Open(TestModels.tiny(tmp))), StepListener.NONE);
            ModelRecord model = steps.model().orElseThrow();
            assertThat(steps.family()).containsExactly(model);
            List<String> lines = new CopyOnWriteArrayList<>();
            Map<String, AtomicInteger> samples = new ConcurrentHashMap<>();
            StepListener heard = new StepListener() {
                @Override
                public void line(String text) {
                    lines.add(text);
                }

                @Override
                public void sample(String device, String m, long latencyNanos) {
                    samples.computeIfAbsent(device + " · " + m, k -> new AtomicInteger()).incrementAndGet();
                }
            };

            DemoStep wall = step(2, new DemoStep.Wall(List.of("this computer", "every paired board"), 0.5));
            assertThatThrownBy(() -> steps.run(wall, heard)).isInstanceOf(DemoException.class)
                    .hasMessageStartingWith("The wall did not finish on " + board.name() + ": ");

            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("This computer · tiny.onnx: p50 "))
                    .anySatisfy(l -> assertThat(l).startsWith(board.name() + ": offline: "));
            assertThat(samples).containsOnlyKeys("This computer · tiny.onnx");
            assertThat(engine.workbench().benchmarks(model)).singleElement()
                    .satisfies(b -> assertThat(b.result().stats().count())
                            .isEqualTo(samples.get("This computer · tiny.onnx").get()));
        }
    }

    private static DemoStep step(int number, DemoStep.Action action) {
        return new DemoStep(number, action.describe(), action.defaultBudgetSeconds(), action);
    }
}
