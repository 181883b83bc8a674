package dev.lathe.views.wall;

import dev.lathe.engine.device.TelemetrySample;
import java.util.List;
import java.util.Optional;

/**
 * What one device's panel draws at one tick, computed off the FX thread: a bounded number of points, whatever the
 * sample rate.
 *
 * @param count        latencies received for the run on show
 * @param runs         sample numbers (1-based) of the drawn points, the latest window only
 * @param latenciesMs  their latencies
 * @param binFromMs    where the histogram starts
 * @param binToMs      where it ends; its bins are equally wide on a log scale
 * @param bins         runs per bin
 * @param p50Ms        running percentiles of the whole run on show (NaN before the first sample)
 * @param telemetry    the device's latest sensor reading, if it sent any
 * @param status       one line: which variant runs, its queue position or progress, or how it ended
 * @param progress     0 to 1, or -1 while unknown
 * @param ended        true once this device has no more runs
 * @param accuracy     one line per variant evaluated on the device so far ("cnn.onnx  93.38 %"), in order
 */
public record PanelFrame(long count, double[] runs, double[] latenciesMs, double binFromMs, double binToMs,
                         long[] bins, double p50Ms, double p90Ms, double p99Ms, Optional<TelemetrySample> telemetry,
                         String status, double progress, boolean ended, List<String> accuracy) {
}
