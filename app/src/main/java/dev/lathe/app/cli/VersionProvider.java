package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.app.AppContext;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.provenance.Provenance;
import picocli.CommandLine;

/**
 * What {@code lathe --version} prints: the version the build gave Lathe, the runtimes this computer runs models with
 * (read from what is installed, without starting a runner: {@code lathe devices} asks the running one) and the JVM.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
    private final LazyContext context;

    public VersionProvider(LazyContext context) {
        this.context = context;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Lathe " + Provenance.latheVersionNow(), "runtimes: " + runtimes(),
                "java: " + Provenance.jvmNow() + ", " + Provenance.osNow() + " " + Provenance.archNow()};
    }

    private String runtimes() {
        return RuntimeVersion.labels(AppContext.installedRuntimes(context.paths()));
    }
}
