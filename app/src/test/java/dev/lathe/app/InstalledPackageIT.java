package dev.lathe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop package as a user installs it: unpacked with dpkg, its launcher runs the command line with the Java
 * runtime inside the package, its desktop entry opens model files, and its declared dependencies name the libraries
 * JavaFX loads. Run by the `installer` profile (app/pom.xml), after jpackage made the package.
 */
class InstalledPackageIT {
    @TempDir
    Path tmp;

    @Test
    void theUnpackedPackageRunsItsLauncherAndDeclaresWhatTheWindowNeeds() throws Exception {
        Path deb = onlyDeb(Path.of(System.getProperty("lathe.installer.dir", "target/installer")));
        Path root = tmp.resolve("root");
        run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));

        String depends = run(List.of("dpkg-deb", "-f", deb.toString(), "Depends"));
        assertThat(depends).contains("libgtk-3-0").contains("libxtst6").contains("libgl1");

        Path launcher = root.resolve("opt/lathe/bin/Lathe");
        assertThat(launcher).isExecutable();
        assertThat(run(List.of(launcher.toString(), "--version"))).startsWith("Lathe ").contains("ONNX Runtime");

        // The sample model ships inside the package and loads in the packaged runtime's ONNX Runtime.
        Path sample = root.resolve("opt/lathe/lib/app/sample-models/fashion-mnist/cnn.onnx");
        assertThat(run(List.of(launcher.toString(), "inspect", sample.toString()))).contains("Conv");
        // The sample demo ships beside it, and checks out in the packaged runtime (this computer, no board paired).
        Path demo = root.resolve("opt/lathe/lib/app/sample-models/demo/cnn-on-two-boards.lathe-demo.yaml");
        assertThat(run(List.of(launcher.toString(), "demo", "check", demo.toString()))).contains("ready");

        Path desktop = root.resolve("opt/lathe/lib/lathe-Lathe.desktop");
        assertThat(Files.readString(desktop)).contains("Exec=/opt/lathe/bin/Lathe %f")
                .contains("application/x-onnx").contains("application/x-pytorch-torchscript")
                .contains("application/x-executorch-program").contains("Icon=/opt/lathe/lib/Lathe.png");
    }

    private static Path onlyDeb(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(f -> f.toString().endsWith(".deb")).toList();
            assertThat(debs).as("the .deb jpackage wrote into %s", dir).hasSize(1);
            return debs.get(0);
        }
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LATHE_HOME", tmp.resolve("home").toString());
        builder.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s printed:%n%s", command, text).isZero();
        return text;
    }
}
