package dev.lathe.views.demo;

import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.demo.DemoStep;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.Devices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Device names as a demo writes them: {@value DemoStep.Wall#THIS_COMPUTER}, {@value DemoStep.Wall#EVERY_PAIRED_BOARD}
 * (every paired board, online or not), or a device's name or key as Lathe shows it, in any case.
 */
final class DemoDevices {
    private DemoDevices() {
    }

    /** The devices as they answer now (a command line asks each paired board). */
    static List<DeviceEntry> now(Devices devices) throws DemoException {
        try {
            return devices.entriesNow();
        } catch (DeviceException e) {
            throw new DemoException("The devices cannot be listed: " + e.getMessage(), e);
        }
    }

    /** Each named device once, in the order named; an unknown name is one line listing the names known. */
    static List<DeviceEntry> resolve(List<String> names, List<DeviceEntry> entries) throws DemoException {
        Map<String, DeviceEntry> out = new LinkedHashMap<>();
        for (String name : names) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (n.equals(DemoStep.Wall.THIS_COMPUTER)) {
                entries.stream().filter(DeviceEntry::isThisComputer).findFirst()
                        .ifPresent(e -> out.putIfAbsent(e.key(), e));
                continue;
            }
            if (n.equals(DemoStep.Wall.EVERY_PAIRED_BOARD)) {
                entries.stream().filter(DemoDevices::pairedBoard).forEach(e -> out.putIfAbsent(e.key(), e));
                continue;
            }
            DeviceEntry found = entries.stream().filter(e -> e.name().toLowerCase(Locale.ROOT).equals(n)
                    || e.key().toLowerCase(Locale.ROOT).equals(n) || e.address().toLowerCase(Locale.ROOT).equals(n))
                    .findFirst().orElseThrow(() -> new DemoException("No device is called '" + name.strip()
                            + "'; name one of: " + String.join(", ", known(entries))));
            out.putIfAbsent(found.key(), found);
        }
        return List.copyOf(out.values());
    }

    static boolean pairedBoard(DeviceEntry e) {
        return !e.isThisComputer() && e.state() != DeviceState.DISCOVERED;
    }

    /** What a scenario may name: the two words, then each device as Lathe shows it. */
    static List<String> known(List<DeviceEntry> entries) {
        List<String> names = new ArrayList<>(List.of(DemoStep.Wall.THIS_COMPUTER, DemoStep.Wall.EVERY_PAIRED_BOARD));
        entries.stream().filter(e -> !e.isThisComputer())
                .map(e -> e.name().equals(e.key()) ? e.name() : e.name() + " (" + e.key() + ")").forEach(names::add);
        return names;
    }

    /** How a device reads in lines and charts: its name, and a board's address when another has the same name. */
    static String label(DeviceEntry e, List<DeviceEntry> among) {
        long same = among.stream().filter(o -> o.name().equals(e.name())).count();
        return same > 1 && !e.isThisComputer() ? e.name() + " · " + e.address() : e.name();
    }
}
