package dev.lathe.views.devices;

import dev.lathe.engine.device.Devices;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.views.common.UserMessages;
import dev.lathe.views.task.TaskRunner;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Devices list: the workbench's devices as they change (moved onto the FX thread), this computer's state for
 * the status bar, pairing with a board from the Add device dialog, and forgetting a paired one.
 */
public final class DevicesViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DevicesViewModel.class);

    private final Devices devices;
    private final TaskRunner tasks;
    private final Executor fx;
    private final ObservableList<DeviceEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<DeviceEntry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ReadOnlyStringWrapper thisComputer = new ReadOnlyStringWrapper("This computer: starting…");
    private final ReadOnlyBooleanWrapper pairing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper forgetting = new ReadOnlyBooleanWrapper();
    private AutoCloseable watch;

    /**
     * @param devices the workbench's ({@code workbench.devices()})
     * @param fx      runs on the FX thread ({@code Platform::runLater} in the app)
     */
    public DevicesViewModel(Devices devices, TaskRunner tasks, Executor fx) {
        this.devices = devices;
        this.tasks = tasks;
        this.fx = fx;
    }

    public void start() {
        watch = devices.watch(list -> fx.execute(() -> show(list)));
    }

    private void show(List<DeviceEntry> list) {
        entries.setAll(list);
        list.stream().filter(DeviceEntry::isThisComputer).findFirst()
                .ifPresent(e -> thisComputer.set("This computer: " + status(e)));
    }

    static String status(DeviceEntry e) {
        switch (e.state()) {
            case ONLINE:
                return e.detail().isEmpty() ? "ready" : "ready (runner restarted)";
            case CONNECTING:
                return e.detail().contains("restarting") ? "runner stopped; restarting…" : "starting…";
            case OFFLINE:
                return "runner stopped";
            default:
                return e.state().name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Pairs with the agent at {@code address} using {@code token}, in the background. {@code done} receives the
     * certificate fingerprint pinned (to show), {@code failed} one sentence saying what to fix.
     */
    public void pair(String address, String token, Consumer<Paired> done, Consumer<String> failed) {
        PairTarget target = PairTarget.parse(address, token);
        if (target.problem().isPresent()) {
            failed.accept(target.problem().get());
            return;
        }
        pairing.set(true);
        tasks.run("Pairing with " + target.host() + ":" + target.port(), p -> {
            DeviceEntry entry = devices.pair(target.host(), target.port(), target.token());
            return new Paired(entry, devices.certificateSha256(entry.key()));
        }, paired -> {
            pairing.set(false);
            done.accept(paired);
        }, error -> {
            pairing.set(false);
            if (!UserMessages.isExpected(error)) {
                LOG.warn("Pairing with {} failed", address, error);
            }
            failed.accept(UserMessages.describe(error));
        });
    }

    /** Whether {@code entry} is a paired board, which can be forgotten (this computer and discovered boards not). */
    public static boolean canForget(DeviceEntry entry) {
        return !entry.isThisComputer() && entry.state() != DeviceState.DISCOVERED;
    }

    /**
     * Forgets the paired board {@code entry} in the background: the devices drop it and its pairing is deleted.
     * {@code done} runs once it is gone, {@code failed} receives one sentence saying why not.
     */
    public void forget(DeviceEntry entry, Runnable done, Consumer<String> failed) {
        forgetting.set(true);
        tasks.run("Forgetting " + entry.name(), p -> {
            devices.forget(entry.key());
            return entry;
        }, gone -> {
            forgetting.set(false);
            done.run();
        }, error -> {
            forgetting.set(false);
            if (!UserMessages.isExpected(error)) {
                LOG.warn("Forgetting {} failed", entry.key(), error);
            }
            failed.accept(UserMessages.describe(error));
        });
    }

    /** A board just paired, and the certificate fingerprint now pinned for it. */
    public record Paired(DeviceEntry entry, Optional<String> certificateSha256) {
    }

    /** The fingerprint a discovered board announces, to compare before pairing. */
    public Optional<String> certificateSha256(DeviceEntry entry) {
        return devices.certificateSha256(entry.key());
    }

    public ObservableList<DeviceEntry> entries() {
        return entriesView;
    }

    /** "This computer: ready", "This computer: starting…", for the status bar. */
    public ReadOnlyStringProperty thisComputerProperty() {
        return thisComputer.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pairingProperty() {
        return pairing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty forgettingProperty() {
        return forgetting.getReadOnlyProperty();
    }

    /** Stops listening; the devices belong to the workbench, which closes them. */
    public void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("Closing the device watch", e);
            }
        }
    }
}
