package dev.lathe.engine.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSpecTest {

    @Test
    void theWorkerRunsWithItsCrashReportInTheLogFolderAndAClassPathThatHoldsFromThere() {
        Path logs = Path.of("relative-logs");
        List<String> command = new WorkerSpec(Path.of("cache"), logs, "fine").command();

        assertThat(command).contains("-XX:ErrorFile=" + logs.toAbsolutePath().resolve("hs_err_pid%p.log"));
        String classPath = command.get(command.indexOf("-cp") + 1);
        assertThat(Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of))
                .isNotEmpty().allMatch(Path::isAbsolute);
        assertThat(command.get(command.size() - 1)).isEqualTo(Path.of("cache").toAbsolutePath().toString());
    }
}
