package dev.lathe.views.demo;

import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.Devices;
import dev.lathe.engine.hardware.DeviceFingerprint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether devices answer now, for a check: listed once, each asked what it runs on at most once, within a short
 * time (this computer's runner may have to start first, so it gets longer).
 */
final class DeviceAnswers {
    static final long BOARD_SECONDS = 5;
    static final long THIS_COMPUTER_SECONDS = 30;

    private final Devices devices;
    private List<DeviceEntry> entries;
    private final Map<String, Optional<String>> asked = new HashMap<>();

    DeviceAnswers(Devices devices) {
        this.devices = devices;
    }

    synchronized List<DeviceEntry> entries() throws DemoException {
        if (entries == null) {
            entries = DemoDevices.now(devices);
        }
        return entries;
    }

    /** Why {@code e} cannot run a step now, if it cannot. */
    synchronized Optional<String> problem(DeviceEntry e) {
        if (e.state() == DeviceState.DISCOVERED) {
            return Optional.of("is on the network but not paired: pair it with the token its agent printed (lathe "
                    + "pair " + e.key() + " --token TOKEN)");
        }
        if (e.state() == DeviceState.OFFLINE) {
            return Optional.of("is offline" + (e.detail().isBlank() ? "" : ": " + e.detail()));
        }
        // This computer's runner, or a board coming back, may still be starting: asked again until the time is up.
        boolean mayStart = e.isThisComputer() || e.state() == DeviceState.CONNECTING;
        return asked.computeIfAbsent(e.key(), key -> ask(key, e.isThisComputer() ? THIS_COMPUTER_SECONDS
                : BOARD_SECONDS, mayStart));
    }

    private Optional<String> ask(String key, long seconds, boolean retry) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) - TimeUnit.MILLISECONDS.toNanos(500);
        FutureTask<DeviceFingerprint> describe = new FutureTask<>(() -> {
            while (true) {
                try {
                    return devices.device(key).describe();
                } catch (DeviceException notYet) {
                    if (!retry || System.nanoTime() > until) {
                        throw notYet;
                    }
                    Thread.sleep(300);
                }
            }
        });
        Thread t = new Thread(describe, "lathe-demo-check-" + key);
        t.setDaemon(true);
        t.start();
        try {
            describe.get(seconds, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            t.interrupt();
            return Optional.of("did not answer within " + seconds + " s");
        } catch (ExecutionException e) {
            return Optional.of("does not answer: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            return Optional.of("was not asked: the check was stopped");
        }
    }
}
