package dev.lathe.views.demo;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A wall step: every model of the family on every device for the step's seconds, one thread per device, the devices
 * at once. A device that is offline or fails says so in its line and stops; the others go on, and the step fails
 * once they have all ended.
 */
final class DemoWall {
    /** Runs not counted before each model's measured seconds: enough to settle a runtime's first calls. */
    static final int WARMUP = 20;

    private final Workbench workbench;

    DemoWall(Workbench workbench) {
        this.workbench = workbench;
    }

    static BenchConfig config(ModelRecord model, double seconds) {
        return new BenchConfig(WARMUP, 1, seconds, 1, 1, model.inputShape());
    }

    void run(List<DeviceEntry> on, List<ModelRecord> family, double seconds, StepListener listener)
            throws LatheException {
        Map<String, String> failed = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (DeviceEntry entry : on) {
            String label = DemoDevices.label(entry, on);
            Thread t = new Thread(() -> {
                String problem = runOn(entry, label, family, seconds, listener);
                if (problem != null) {
                    failed.put(label, problem);
                }
            }, "lathe-demo-wall-" + entry.key());
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException again) {
                    break;
                }
            }
            Thread.currentThread().interrupt();
            throw new CancelledException("The wall");
        }
        if (!failed.isEmpty()) {
            List<String> names = on.stream().map(e -> DemoDevices.label(e, on)).filter(failed::containsKey).toList();
            throw new DemoException("The wall did not finish on " + String.join(", ", names) + ": "
                    + String.join("; ", names.stream().map(n -> n + " " + failed.get(n)).toList()));
        }
    }

    /** One device's share: the family's models in order. Null when all ran, else what went wrong. */
    private String runOn(DeviceEntry entry, String label, List<ModelRecord> family, double seconds,
                         StepListener listener) {
        Device device;
        try {
            device = workbench.devices().device(entry.key());
        } catch (LatheException e) {
            listener.line(label + ": offline: " + e.getMessage());
            return "is offline";
        }
        for (ModelRecord m : family) {
            if (Thread.currentThread().isInterrupted()) {
                return "was cancelled";
            }
            try {
                StoredBenchmark run = workbench.benchmark(m, device, config(m, seconds),
                        (index, nanos) -> listener.sample(label, m.name(), nanos), Progress.NONE);
                LatencyStats s = run.result().stats();
                listener.line(String.format(Locale.ROOT, "%s · %s: p50 %.3f ms, p99 %.3f ms (%d runs)", label,
                        m.name(), s.p50Ms(), s.p99Ms(), s.count()));
            } catch (BenchmarkInterruptedException e) {
                listener.line(label + " · " + m.name() + ": broke off after " + e.samplesKept() + " runs (kept as "
                        + "interrupted): " + e.reason());
                return "broke off";
            } catch (LatheException e) {
                listener.line(label + " · " + m.name() + ": failed: " + e.getMessage());
                return "failed";
            }
        }
        return null;
    }
}
