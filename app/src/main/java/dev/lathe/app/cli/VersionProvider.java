package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.store.StoreException;
import picocli.CommandLine;

/**
 * What {@code lathe --version} prints: the version the build gave Lathe, the runtimes this computer runs models with
 * (asked of its runner, as {@code lathe devices} does) and the JVM.
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
        try {
            DeviceFingerprint here = context.get().workbench().thisComputer();
            return here.runtimesLabel();
        } catch (StoreException | RuntimeException e) {
            return "unknown (" + DeviceFingerprint.THIS_COMPUTER + " did not answer: " + e.getMessage() + ")";
        }
    }
}
