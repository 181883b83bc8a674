package dev.lathe.views.compare;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;

/**
 * A device the Compare view can measure the family on: this computer, always, and each paired board.
 *
 * @param key    the board's key in the device list; empty for this computer
 * @param online whether runs can start on it now
 * @param detail why it cannot, or another sentence the device list has for it; empty if none
 */
public record RuntimeDevice(String key, String name, boolean online, String detail) {
    static final RuntimeDevice THIS_COMPUTER = new RuntimeDevice("", RuntimeRows.THIS_COMPUTER, true, "");

    static RuntimeDevice of(DeviceEntry board) {
        return new RuntimeDevice(board.key(), board.name(), board.state() == DeviceState.ONLINE, board.detail());
    }

    public boolean isThisComputer() {
        return key.isEmpty();
    }

    /** A name safe in a node id: letters, digits and dashes. */
    public String idPart() {
        return isThisComputer() ? "this-computer" : key.replaceAll("[^A-Za-z0-9]", "-");
    }
}
