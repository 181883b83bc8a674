package dev.lathe.app.devices;

import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a directory's entries to reach a state, recording every list its watcher heard. */
final class Entries {
    final List<List<DeviceEntry>> heard = new CopyOnWriteArrayList<>();

    /** The first entry with {@code key} that matches, as soon as the directory shows it. */
    static DeviceEntry await(DeviceDirectory directory, String key, Predicate<DeviceEntry> condition, Duration timeout)
            throws InterruptedException {
        return await(directory::entries, key, condition, timeout);
    }

    /** As above, for a workbench's devices. */
    static DeviceEntry await(Devices devices, String key, Predicate<DeviceEntry> condition, Duration timeout)
            throws InterruptedException {
        return await(devices::entries, key, condition, timeout);
    }

    private static DeviceEntry await(Supplier<List<DeviceEntry>> entries, String key, Predicate<DeviceEntry> condition,
                                     Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        DeviceEntry last = null;
        while (System.nanoTime() < deadline) {
            for (DeviceEntry e : entries.get()) {
                if (e.key().equals(key)) {
                    last = e;
                    if (condition.test(e)) {
                        return e;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("entry " + key + " did not reach the expected state within " + timeout.toSeconds()
                + " s; last seen: " + last);
    }

    static Path sampleCnn() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sample-models/fashion-mnist/cnn.onnx"))) {
                return p.resolve("sample-models/fashion-mnist/cnn.onnx");
            }
        }
        throw new IllegalStateException("sample-models/fashion-mnist/cnn.onnx not found");
    }
}
