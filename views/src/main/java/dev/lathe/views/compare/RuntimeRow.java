package dev.lathe.views.compare;

import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.RuntimeRun;
import java.util.Optional;

/**
 * One model of the family in one runtime on one device, as the Compare view's runtime table shows it: its latest
 * complete run there (of the model itself, or of the copy exported for that runtime), or the one line saying why it
 * could not run there.
 *
 * @param fidelity  the file that ran against the family's parent on this computer, once measured
 * @param problem   why the last attempt to run it there failed (the device lacks the runtime, the export was refused)
 * @param sweetSpot whether it is the device's fastest row that keeps the parent's answers ({@link #keepsAnswers})
 */
public record RuntimeRow(ModelRecord model, boolean isParent, RuntimeChoice runtime, String deviceId,
                         String deviceName, Optional<RuntimeRun> run, Optional<FidelityReport> fidelity,
                         Optional<String> problem, boolean sweetSpot) {
    /** Top-1 agreement with the parent below this, where measured, leaves a row out of the sweet spot. */
    public static final double SWEET_SPOT_AGREEMENT = 0.99;

    public RuntimeRow withSweetSpot(boolean on) {
        return new RuntimeRow(model, isParent, runtime, deviceId, deviceName, run, fidelity, problem, on);
    }

    public Optional<Double> p50Ms() {
        return run.map(RuntimeRun::p50Ms);
    }

    public Optional<Double> p99Ms() {
        return run.map(RuntimeRun::p99Ms);
    }

    /** Load time, where the device measured it. */
    public Optional<Double> loadMillis() {
        return run.map(RuntimeRun::loadMillis).filter(ms -> ms >= 0);
    }

    /** The running process's peak memory, where the device measured it. */
    public Optional<Long> peakRssBytes() {
        return run.map(RuntimeRun::peakRssBytes).filter(b -> b >= 0);
    }

    /** The size of the file that ran there; the model's own where it did not run. */
    public long fileBytes() {
        return run.map(RuntimeRun::fileBytes).orElse(model.fileBytes());
    }

    /** The name of the file that runs in this runtime: the model's, or its copy's. */
    public String fileName() {
        return run.map(r -> r.ranAs().name()).orElse(model.name());
    }

    /**
     * Whether its outputs keep the parent's top-1 answer on at least {@link #SWEET_SPOT_AGREEMENT} of the inputs; the
     * parent itself does, and a row whose fidelity was not measured is not held against it.
     */
    public boolean keepsAnswers() {
        return isParent || fidelity.map(f -> f.top1Agreement() >= SWEET_SPOT_AGREEMENT).orElse(true);
    }
}
