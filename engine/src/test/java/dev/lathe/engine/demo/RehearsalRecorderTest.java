package dev.lathe.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.demo.Rehearsal.RecordedSeries;
import dev.lathe.engine.demo.Rehearsal.RecordedStep;
import dev.lathe.engine.demo.Rehearsal.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearsalRecorderTest {
    @TempDir
    Path tmp;

    @Test
    void twoStepsWithSamplesFromTwoThreadsAreReadBackInTimeOrderWithTheFailedStepKept() throws Exception {
        Path file = Files.writeString(tmp.resolve("talk.yaml"), """
                lathe-demo: 1
                title: Two boards
                steps:
                  - wall: [this computer, pi]
                    seconds: 1
                  - export: onnx
                """);
        DemoScenario scenario = new DemoParser().parse(file);
        Rehearsals library = new Rehearsals(tmp.resolve("rehearsals"));
        Path folder = library.newFolder(scenario);
        RehearsalRecorder recorder = RehearsalRecorder.into(folder, scenario);

        RehearsalRecorder.StepRecording wall = recorder.start(scenario.step(1));
        wall.line("starting");
        Thread[] devices = {stream(wall, "This computer", 500), stream(wall, "pi", 300)};
        for (Thread t : devices) {
            t.start();
        }
        for (Thread t : devices) {
            t.join();
        }
        wall.done();
        recorder.start(scenario.step(2)).failed("the disk is full");

        Rehearsal read = library.latest(scenario).orElseThrow();
        assertThat(read.folder()).isEqualTo(folder);
        assertThat(read.title()).isEqualTo("Two boards");
        assertThat(read.done(1)).isPresent();
        assertThat(read.done(2)).as("a failed step is no replay source").isEmpty();
        RecordedStep failed = read.steps().get(1);
        assertThat(failed.done()).isFalse();
        assertThat(failed.problem()).isEqualTo("the disk is full");
        RecordedStep first = read.done(1).get();
        assertThat(first.lines()).extracting(Rehearsal.TimedLine::text).containsExactly("starting");
        assertThat(first.series()).extracting(RecordedSeries::device, RecordedSeries::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("This computer", 500),
                        org.assertj.core.groups.Tuple.tuple("pi", 300));
        for (RecordedSeries series : first.series()) {
            List<Sample> samples = Rehearsals.samples(read, series);
            assertThat(samples).hasSize(series.count());
            assertThat(samples).extracting(Sample::atNanos).isSorted();
            assertThat(samples.get(0).latencyNanos()).isEqualTo(1_000);
        }
        assertThatThrownBy(() -> RehearsalRecorder.into(folder, scenario)).isInstanceOf(DemoException.class)
                .hasMessage(folder + " already holds a recording: give a new folder to record into");
    }

    private static Thread stream(RehearsalRecorder.StepRecording step, String device, int count) {
        return new Thread(() -> {
            for (int i = 0; i < count; i++) {
                step.sample(device, "cnn.onnx", 1_000 + i);
            }
        });
    }
}
